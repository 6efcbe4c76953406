/** Figures and tables of training and evaluation results: learning curves, history table, confusion matrix. */
import type { Evaluation } from "../model/evaluate";
import type { EpochLog, TrainHistory } from "../model/train";
import type { PlotlyFigure } from "./show";

/** The history as a danfojs DataFrame (one row per epoch). */
export function historyFrame(history: TrainHistory): import("danfojs-node").DataFrame {
  // Loaded on demand: danfojs is large and only needed when a frame is asked for.
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  const columns = ["epoch", "loss", "acc", ...(history.epochs.some((e) => e.val_loss !== undefined) ? ["val_loss", "val_acc"] : []), ...(history.epochs.some((e) => e.learningRate !== undefined) ? ["learningRate"] : []), "seconds", "imagesPerSecond"];
  return new dfd.DataFrame(
    history.epochs.map((e) => columns.map((c) => (e as unknown as Record<string, number>)[c] ?? null)),
    { columns },
  );
}

/** Loss and accuracy per epoch, training vs validation, as a plotly figure with two panels. */
export function trainingCurves(history: TrainHistory, title = "Training curves"): PlotlyFigure {
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
    line("loss", "train loss", 1, "solid", "#1f77b4"),
    ...(hasVal ? [line("val_loss", "validation loss", 1, "dash", "#ff7f0e")] : []),
    line("acc", "train accuracy", 2, "solid", "#1f77b4"),
    ...(hasVal ? [line("val_acc", "validation accuracy", 2, "dash", "#ff7f0e")] : []),
  ];
  const shapes =
    history.bestEpoch !== undefined
      ? [{ type: "line", xref: "x", yref: "paper", x0: history.bestEpoch, x1: history.bestEpoch, y0: 0, y1: 1, line: { dash: "dot", color: "#888" } }]
      : [];
  return {
    data,
    layout: {
      title: { text: title },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: "epoch" }, dtick: 1 },
      xaxis2: { title: { text: "epoch" }, dtick: 1 },
      yaxis: { title: { text: "loss" } },
      yaxis2: { title: { text: "accuracy" } },
      shapes,
      height: 380,
    },
  };
}

/** The confusion matrix as a plotly heatmap (true label down, predicted across, counts in cells). */
export function confusionMatrixFigure(evaluation: Pick<Evaluation, "confusion">, title = "Confusion matrix"): PlotlyFigure {
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
        hovertemplate: "true %{y}, predicted %{x}: %{text}<extra></extra>",
        colorscale: "Blues",
        showscale: false,
      },
    ],
    layout: {
      title: { text: title, x: 0, xanchor: "left", font: { size: 14 } },
      xaxis: { title: { text: "predicted" }, type: "category", side: "bottom" },
      yaxis: { title: { text: "true" }, type: "category", autorange: "reversed" },
      width: 640,
      height: 500,
    },
  };
}
