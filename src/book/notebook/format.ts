/** Numbers as the notebooks' prose and tables write them: percentages, point differences, p-values. */
import type { AccuracyComparison } from "../../model/stats";
import { beyondNoise } from "../../model/stats";
import type { TransferSummary } from "../experiments/training";
import type { TrainHistory } from "../../model/train";
import type * as tf from "@tensorflow/tfjs";
import { t } from "../i18n";

/** A fraction as a percentage, e.g. `pct(0.9847)` → `98.5%`. */
export const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;

/** An already formatted number of percentage points with its unit, e.g. `0.38 points`. */
const pointsText = (value: string): string => t`${value} points`;

/** A difference of fractions in percentage points with its sign, e.g. `+1.2 points`, `−0.3 points`. */
export const points = (x: number, digits = 1): string => pointsText(`${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(digits)}`);

/** A mean accuracy in percent, with `± sd` when there was more than one run, e.g. `98.12 ± 0.38`. */
export const meanSdText = (m: number, sd: number, runs: number): string => `${(100 * m).toFixed(2)}${runs > 1 ? ` ± ${(100 * sd).toFixed(2)}` : ""}`;

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** A p-value for prose: `0.0123` above 1e-4, else one digit times a power of ten, e.g. `2·10⁻¹⁶⁷`. */
export function pValueText(p: number): string {
  if (p >= 1e-4) return p.toFixed(4);
  if (p === 0) return "< 10⁻³⁰⁰";
  const [digit, exponent] = p.toExponential(0).split("e");
  return `${digit}·10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c]).join("")}`;
}

/** A training-set size with its share of `total`, e.g. `600 images (1%)`. */
export const sizeLabel = (size: number, total: number): string => t`${size} images (${Number(((100 * size) / total).toPrecision(2))}%)`;

/** A paired comparison in words: `better`/`worse` when beyond two standard errors, else "made no difference beyond noise", then the numbers. */
export function describeComparison(c: AccuracyComparison, better: string, worse: string): string {
  const verdict = beyondNoise(c) ? (c.difference > 0 ? better : worse) : t`made no difference beyond noise`;
  return t`${verdict} (${points(c.difference, 1)}, standard error ${pointsText((100 * c.standardError).toFixed(1))}, ${c.onlyB} test images won and ${c.onlyA} lost, McNemar p = ${c.pValue.toPrecision(2)})`;
}

/** A paired comparison as one table row: before, after, difference, standard error, images won/lost, p. */
export function comparisonRow(c: AccuracyComparison): Record<string, string | number> {
  return {
    [t`before`]: pct(c.accuracyA, 2), [t`after`]: pct(c.accuracyB, 2), [t`difference`]: points(c.difference, 1),
    [t`standard error`]: pointsText((100 * c.standardError).toFixed(2)), [t`images won / lost`]: `${c.onlyB} / ${c.onlyA}`, [t`McNemar p`]: +c.pValue.toPrecision(2),
  };
}

/** Where a run's final loss ended, against chance (ln 10 for ten classes), with its validation accuracy. */
export function describeEndLoss(endLoss: number, valAccuracy: number, classes = 10): string {
  const chance = Math.log(classes).toFixed(3);
  const [loss, accuracy] = [endLoss.toFixed(3), pct(valAccuracy)];
  if (endLoss > Math.log(classes) + 0.05) return t`ended at a loss of ${loss} — worse than guessing (ln ${classes} = ${chance}) — with ${accuracy} validation accuracy`;
  if (endLoss > Math.log(classes) - 0.05) return t`ended at a loss of ${loss} — no better than guessing (ln ${classes} = ${chance}) — with ${accuracy} validation accuracy`;
  return t`ended at a loss of ${loss} with ${accuracy} validation accuracy`;
}

/** A signed change `to − from` with three decimals, e.g. `−1.234`. */
export const signedChange = (from: number, to: number): string => `${to - from >= 0 ? "+" : "−"}${Math.abs(to - from).toFixed(3)}`;

/** One row of notebook 07's transfer table (accuracies in %, ± sd over seeds when there were several). */
export function transferRow(r: TransferSummary): Record<string, string | number> {
  return {
    [t`labels per class`]: r.labelsPerClass,
    [t`epochs`]: r.epochs,
    [t`from scratch %`]: meanSdText(r.scratch, r.scratchSd, r.seeds),
    [t`fine-tuned, frozen base %`]: meanSdText(r.frozen, r.frozenSd, r.seeds),
    [t`fine-tuned, whole network %`]: meanSdText(r.whole, r.wholeSd, r.seeds),
    [t`whole beats scratch`]: t`${r.wins} of ${r.seeds}`,
    [t`only scratch right / only whole right`]: `${r.onlyScratch} / ${r.onlyWhole}`,
    [t`p, whole vs scratch`]: r.pooledP < 1e-4 ? "< 0.0001" : r.pooledP.toFixed(4),
  };
}

/** One row of notebook 08's overfitting table: epochs run, best/final validation accuracy, train − val gap, losses. */
export function overfitRow(name: string, history: TrainHistory, keptValAccuracy: number): Record<string, string | number> {
  const epochs = history.epochs;
  const best = epochs.reduce((a, e) => ((e.val_acc ?? 0) > (a.val_acc ?? 0) ? e : a));
  const last = epochs[epochs.length - 1];
  return {
    [t`variant`]: name,
    [t`epochs run`]: epochs.length,
    [t`best val acc`]: t`${pct(best.val_acc ?? NaN)} (epoch ${best.epoch})`,
    [t`final val acc`]: pct(last.val_acc ?? NaN),
    [t`final train acc`]: pct(last.acc),
    [t`train − val gap`]: points(last.acc - (last.val_acc ?? NaN), 1),
    [t`val acc of the weights kept`]: pct(keptValAccuracy),
    [t`lowest val loss`]: Math.min(...epochs.map((e) => e.val_loss ?? NaN)).toFixed(4),
    [t`final val loss`]: (last.val_loss ?? NaN).toFixed(4),
  };
}

/** Reads a tensor as plain numbers and disposes it. */
export function tensorValues(t: tf.Tensor): number[] {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** `value` rounded to `digits` significant digits, as a number (for tables). */
export function significant(value: number, digits = 6): number {
  return Number(value.toPrecision(digits));
}

/** How to make the model notebook 09 serves when it is missing, in the book's language. */
export const makeModelHint = (): string =>
  t`train it with notebook 06 (\`npx mnist-prep reproduce 06\`: the article's recipe; \`npx mnist-prep reproduce --quick 06\`: a small model, quickly)`;
