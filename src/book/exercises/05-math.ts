/** Notebook 05's exercises: the article's cross-entropy example fixed, Adam's bias correction, SGD tuned on the valley. */
import * as tf from "@tensorflow/tfjs";
import { binaryCrossEntropy, crossEntropy } from "../article/formulas";
import { optimizerPath, valley } from "../article/math-demos";
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

/** The article's §4.2 example: labels and predicted probabilities. */
const EXAMPLE = { y: [1, 0, 1, 0], p: [0.6, 0.4, 0.7, 0.3] };

const near = (a: number, b: number, tolerance = 1e-4): boolean => Math.abs(a - b) <= tolerance;

/** Exercise 05.1: the binary cross-entropy of the article's example, natural logs, mean over the samples. */
const positiveCrossEntropy: ExerciseChecker = (attempt) => {
  if (typeof attempt !== "number" || !Number.isFinite(attempt)) return { ok: false, hint: t`pass the loss you computed (exampleLoss), a finite number` };
  const { y, p } = EXAMPLE;
  const mean = binaryCrossEntropy(y, p);
  if (near(attempt, mean, 1e-5)) return { ok: true, seen: t`binary cross-entropy ${attempt.toFixed(4)}, as tf.metrics.binaryCrossentropy computes` };
  if (attempt < 0) return { ok: false, hint: t`${attempt.toFixed(4)} is negative, and a loss of probabilities never is: each −ln p ≥ 0 when p ≤ 1. Compute the terms with Math.log instead of the article's numbers` };
  if (near(attempt, crossEntropy(y, p))) return { ok: false, hint: t`${attempt.toFixed(4)} is the article's −Σ y ln ŷ: the two samples labelled 0 are missing. Add (1 − y) ln(1 − ŷ) to each term` };
  if (near(attempt, binaryCrossEntropy(y, p, "sum"))) return { ok: false, hint: t`${attempt.toFixed(4)} is the sum over the 4 samples; Keras and tfjs take the mean: divide by the number of samples` };
  const naturalLog = [mean, crossEntropy(y, p), binaryCrossEntropy(y, p, "sum")];
  if (naturalLog.some((value) => near(attempt * Math.LN10, value))) return { ok: false, hint: t`that is the base-10 logarithm: use Math.log, the natural logarithm, as Keras and tfjs do` };
  return { ok: false, hint: t`expected −(1/n) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)] over the 4 samples, ${mean.toFixed(4)}; got ${attempt.toFixed(4)}` };
};

/** The Adam update a learner writes in notebook 05: (θ, g, state, α) → the next θ; it updates the state. */
type AdamUpdate = (theta: number[], g: number[], s: { m: number[]; v: number[]; t: number }, lr: number) => number[];

/** Gradients the learner's update and tf.train.adam both apply (from θ = [1, −2, 0.5]). */
const GRADIENTS = [[0.1, -0.3, 2], [0.2, 0.1, -1], [-0.05, 0.4, 0], [0.3, -0.2, 0.5], [0, 0.1, -0.2]];

/** Exercise 05.2: the article's Adam update with bias correction, step for step equal to tf.train.adam. */
const biasCorrectedAdam: ExerciseChecker = (attempt) => {
  if (typeof attempt !== "function") return { ok: false, hint: t`pass the function itself: checkExercise("05.2", adamCorrected)` };
  const update = attempt as AdamUpdate;
  const lr = 0.01;
  const start = [1, -2, 0.5];
  const state = { m: [0, 0, 0], v: [0, 0, 0], t: 0 };
  const ours: number[][] = [];
  for (const g of GRADIENTS) ours.push(update(ours.length === 0 ? start : ours[ours.length - 1], g, state, lr));
  const theirs = optimizerPath(tf.train.adam(lr, 0.9, 0.999, 1e-7), start, GRADIENTS);
  if (!ours.every((theta) => Array.isArray(theta) && theta.length === 3 && theta.every(Number.isFinite))) {
    return { ok: false, hint: t`the function must return the new parameters, one finite number per parameter` };
  }
  const firstRatio = (start[0] - ours[0][0]) / (start[0] - theirs[0][0]);
  if (near(firstRatio, Math.sqrt(10), 1e-3)) return { ok: false, hint: t`the first step is still 3.16 times tf.train.adam's: divide s.m by 1 − β₁ᵗ and s.v by 1 − β₂ᵗ (t is s.t) and step with those` };
  const gaps = ours.map((theta, k) => Math.max(...theta.map((v, i) => Math.abs(v - theirs[k][i]))));
  const first = gaps.findIndex((gap) => gap > 1e-5);
  if (first >= 0) return { ok: false, hint: t`step ${first + 1} differs from tf.train.adam's by ${gaps[first].toExponential(1)}: m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), θ − α·m̂ / (√v̂ + ε)` };
  return { ok: true, seen: t`${GRADIENTS.length} steps equal tf.train.adam's (largest difference ${Math.max(...gaps).toExponential(1)}); the first step is α` };
};

/** Exercise 05.3: plain SGD on the valley f = ½(x² + 25y²), tuned to end below 1e-4 within 120 steps. */
const tunedSgd: ExerciseChecker = (attempt) => {
  const path = attempt as number[][];
  if (!Array.isArray(path) || !path.every((q) => Array.isArray(q) && q.length === 2)) return { ok: false, hint: t`pass the path that descend() returned (tuned)` };
  if (path.length !== 121) return { ok: false, hint: t`keep descend's 120 steps (the path has ${path.length - 1})` };
  const [x, y] = path[120];
  const end = valley(x, y);
  if (!Number.isFinite(end) || end > valley(path[0][0], path[0][1])) return { ok: false, hint: t`it diverged: with α above 2/25 = 0.08 each step multiplies y by 1 − 25α, which is less than −1` };
  if (end < 1e-4) return { ok: true, seen: t`f = ${end.toExponential(1)} after 120 steps` };
  if (0.5 * x * x >= 12.5 * y * y) return { ok: false, hint: t`f = ${end.toExponential(1)}, most of it along x (x = ${x.toExponential(1)}): each step multiplies x only by 1 − α, so raise α (below 0.08)` };
  return { ok: false, hint: t`f = ${end.toExponential(1)}, most of it across the valley (y = ${y.toExponential(1)}): at α close to 0.08, 1 − 25α is close to −1 and y zig-zags; lower α a little` };
};

/** Notebook 05's checkers by id. */
export const EXERCISES_05: Readonly<Record<string, ExerciseChecker>> = {
  "05.1": positiveCrossEntropy,
  "05.2": biasCorrectedAdam,
  "05.3": tunedSgd,
};
