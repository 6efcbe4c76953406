/** Figures and tables of training and evaluation results: learning curves, history table, confusion matrix. */
import type { Evaluation } from "../../model/evaluate";
import type { TransferSummary } from "../experiments/training";
import { binomialStandardError } from "../../model/stats";
import type { EpochLog, TrainHistory } from "../../model/train";
import { t } from "../i18n";
import type { PlotlyFigure } from "./show";

/** The history as a danfojs DataFrame (one row per epoch), its column headers in `t`'s language. */
export function historyFrame(history: TrainHistory): import("danfojs-node").DataFrame {
  // Loaded on demand: danfojs is large and only needed when a frame is asked for.
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  const columns = ["epoch", "loss", "acc", ...(history.epochs.some((e) => e.val_loss !== undefined) ? ["val_loss", "val_acc"] : []), ...(history.epochs.some((e) => e.learningRate !== undefined) ? ["learningRate"] : []), "seconds", "imagesPerSecond"];
  const headers: Record<string, string> = {
    epoch: t`epoch`, loss: t`loss`, acc: t`acc`, val_loss: t`val_loss`, val_acc: t`val_acc`,
    learningRate: t`learningRate`, seconds: t`seconds`, imagesPerSecond: t`imagesPerSecond`,
  };
  return new dfd.DataFrame(
    history.epochs.map((e) => columns.map((c) => (e as unknown as Record<string, number>)[c] ?? null)),
    { columns: columns.map((c) => headers[c]) },
  );
}

/** One row per digit: precision, recall, F1 and support (test images of that digit), headers in the book's language. */
export function perClassRows(evaluation: Pick<Evaluation, "perClass">): Array<Record<string, string | number>> {
  return evaluation.perClass.map((r) => ({
    [t`digit`]: r.digit, [t`precision`]: r.precision.toFixed(4), [t`recall`]: r.recall.toFixed(4), F1: r.f1.toFixed(4), [t`support`]: r.support,
  }));
}

/** Loss and accuracy per epoch, training vs validation, as a plotly figure with two panels. */
export function trainingCurves(history: TrainHistory, title?: string): PlotlyFigure {
  const x = history.epochs.map((e) => e.epoch);
  const line = (key: keyof EpochLog, name: string, axis: 1 | 2, dash: string, color: string) => ({
    type: "scatter",
    mode: "lines+markers",
    name,
    x,
    y: history.epochs.map((e) => e[key] ?? null),
    xaxis: axis === 1 ? "x" : "x2",
    yaxis: axis === 1 ? "y" : "y2",
    line: { dash, color },
  });
  const hasVal = history.epochs.some((e) => e.val_loss !== undefined);
  const data = [
    line("loss", t`train loss`, 1, "solid", "#1f77b4"),
    ...(hasVal ? [line("val_loss", t`validation loss`, 1, "dash", "#ff7f0e")] : []),
    line("acc", t`train accuracy`, 2, "solid", "#1f77b4"),
    ...(hasVal ? [line("val_acc", t`validation accuracy`, 2, "dash", "#ff7f0e")] : []),
  ];
  const shapes =
    history.bestEpoch !== undefined
      ? [{ type: "line", xref: "x", yref: "paper", x0: history.bestEpoch, x1: history.bestEpoch, y0: 0, y1: 1, line: { dash: "dot", color: "#888" } }]
      : [];
  return {
    data,
    layout: {
      title: { text: title ?? t`Training curves` },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: t`epoch` }, dtick: 1 },
      xaxis2: { title: { text: t`epoch` }, dtick: 1 },
      yaxis: { title: { text: t`loss` } },
      yaxis2: { title: { text: t`accuracy` } },
      shapes,
      height: 380,
    },
  };
}

/** The confusion matrix as a plotly heatmap (true label down, predicted across, counts in cells). */
export function confusionMatrixFigure(evaluation: Pick<Evaluation, "confusion">, title?: string): PlotlyFigure {
  const k = evaluation.confusion.length;
  const labels = Array.from({ length: k }, (_, i) => String(i));
  // Off-diagonal cells are what matters; a log colour scale keeps them visible next to the diagonal.
  const z = evaluation.confusion.map((row) => row.map((v) => Math.log10(1 + v)));
  return {
    data: [
      {
        type: "heatmap",
        x: labels,
        y: labels,
        z,
        text: evaluation.confusion.map((row) => row.map(String)),
        texttemplate: "%{text}",
        hovertemplate: t`true %{y}, predicted %{x}: %{text}` + "<extra></extra>",
        colorscale: "Blues",
        showscale: false,
      },
    ],
    layout: {
      title: { text: title ?? t`Confusion matrix`, x: 0, xanchor: "left", font: { size: 14 } },
      xaxis: { title: { text: t`predicted` }, type: "category", side: "bottom" },
      yaxis: { title: { text: t`true` }, type: "category", autorange: "reversed" },
      width: 640,
      height: 500,
    },
  };
}

/** Notebook 07's chart: test accuracy (%) of the three methods against labelled images per class, ± sd over seeds. */
export function transferFigure(summary: readonly TransferSummary[], title: string): PlotlyFigure {
  const series = (key: "scratch" | "frozen" | "whole", name: string, dash: string) => ({
    type: "scatter", mode: "lines+markers", name, x: summary.map((r) => r.labelsPerClass),
    y: summary.map((r) => 100 * r[key]), line: { dash },
    error_y: { type: "data", array: summary.map((r) => 100 * r[`${key}Sd`]), visible: summary.some((r) => r.seeds > 1) },
  });
  return {
    data: [series("scratch", t`from scratch`, "dot"), series("frozen", t`fine-tuned, frozen base`, "dash"), series("whole", t`fine-tuned, whole network`, "solid")],
    layout: {
      title: { text: title },
      xaxis: { title: { text: t`labelled images per class` }, type: "log", tickvals: summary.map((r) => r.labelsPerClass) },
      yaxis: { title: { text: t`test accuracy (%)` } },
      height: 420,
    },
  };
}

/** Notebook 08's chart: training (dotted) and validation (solid) loss and accuracy per epoch for each run, two panels. */
export function overfittingFigure(runs: ReadonlyArray<{ name: string; color: string; history: TrainHistory }>, title: string): PlotlyFigure {
  const trace = (r: (typeof runs)[number], panel: 0 | 1, validation: boolean) => {
    const epochs = r.history.epochs;
    const value = (e: EpochLog) => (panel === 0 ? (validation ? e.val_loss : e.loss) : validation ? e.val_acc : e.acc) ?? null;
    return {
      type: "scatter", mode: validation ? "lines+markers" : "lines", name: validation ? t`${r.name} · validation` : t`${r.name} · train`,
      legendgroup: r.name, showlegend: panel === 0, x: epochs.map((e) => e.epoch), y: epochs.map(value),
      line: validation ? { color: r.color } : { color: r.color, dash: "dot" }, xaxis: panel ? "x2" : "x", yaxis: panel ? "y2" : "y",
    };
  };
  return {
    data: runs.flatMap((r) => [trace(r, 0, false), trace(r, 0, true), trace(r, 1, false), trace(r, 1, true)]),
    layout: {
      title: { text: title },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: t`epoch` } }, xaxis2: { title: { text: t`epoch` } },
      yaxis: { title: { text: t`loss` }, type: "log" }, yaxis2: { title: { text: t`accuracy` } }, height: 440,
    },
  };
}

/** Grouped bars of test accuracy (%) with ±1 binomial standard error and the value on each bar. */
export function accuracyBars(groups: ReadonlyArray<{ name: string; color?: string; accuracies: number[] }>, categories: string[], testCount: number, title: string): PlotlyFigure {
  return {
    data: groups.map((g) => ({
      type: "bar", name: g.name, ...(g.color ? { marker: { color: g.color } } : {}), x: categories,
      y: g.accuracies.map((a) => 100 * a),
      error_y: { type: "data", visible: true, array: g.accuracies.map((a) => 100 * binomialStandardError(a, testCount)) },
      text: g.accuracies.map((a) => `${(100 * a).toFixed(2)}%`), textposition: "outside",
    })),
    layout: { title: { text: title }, barmode: "group", yaxis: { title: { text: t`test accuracy (%)` }, range: [0, 105] }, height: 420 },
  };
}

/**
 * The loss of every mini-batch of one or more runs against the step (log scale), with a dashed line at
 * ln(classes): the loss of a model that guesses uniformly among the classes.
 */
export function batchLossFigure(runs: ReadonlyArray<{ name: string; color?: string; losses: readonly number[] }>, title: string, classes = 10): PlotlyFigure {
  const steps = Math.max(1, ...runs.map((r) => r.losses.length));
  const chance = Math.log(classes);
  return {
    data: [
      ...runs.map((r) => ({
        type: "scatter", mode: "lines", name: r.name, x: r.losses.map((_, i) => i + 1), y: [...r.losses],
        ...(r.color ? { line: { color: r.color } } : {}),
      })),
      { type: "scatter", mode: "lines", name: t`chance: ln ${classes}`, x: [1, steps], y: [chance, chance], line: { color: "#888", dash: "dash" } },
    ],
    layout: {
      title: { text: title },
      xaxis: { title: { text: t`iteration` } },
      yaxis: { title: { text: t`training loss (log scale)` }, type: "log" },
      height: 420,
    },
  };
}
