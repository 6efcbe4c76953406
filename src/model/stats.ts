/**
 * Small statistics for reading experiment results honestly: is an accuracy difference larger
 * than the noise of a finite test set?
 */
import { InvalidArgumentError } from "../errors";

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(name, "a positive integer", String(n));
}

/** Standard error √(p(1−p)/n) of an accuracy `p` measured on `n` independent test images. */
export function binomialStandardError(p: number, n: number): number {
  checkCount("n", n);
  if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError("p", "a proportion in [0, 1]", String(p));
  return Math.sqrt((p * (1 - p)) / n);
}

/** Two-sided exact binomial test of `k` successes in `n` trials with probability 1/2 (sign test). */
export function signTestPValue(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("n", "a non-negative integer", String(n));
  if (!Number.isInteger(k) || k < 0 || k > n) throw new InvalidArgumentError("k", `an integer in [0, ${n}]`, String(k));
  if (n === 0) return 1;
  const tail = Math.min(k, n - k);
  // Sum C(n, i)/2^n for i ≤ tail in log space (n may be thousands).
  let logC = 0; // log C(n, 0)
  let sum = 0;
  for (let i = 0; i <= tail; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, 2 * sum);
}

/** What `compareAccuracy` returns. */
export interface AccuracyComparison {
  /** Test images both models were evaluated on. */
  n: number;
  accuracyA: number;
  accuracyB: number;
  /** accuracyB − accuracyA. */
  difference: number;
  /** Standard error of the difference for paired predictions on the same images. */
  standardError: number;
  /** Images only model A got right / only model B got right (the discordant pairs). */
  onlyA: number;
  onlyB: number;
  /** Exact McNemar test (two-sided): chance of a split at least this uneven if both models were equally good. */
  pValue: number;
}

/**
 * Compares two models' predictions on the same labelled test images (paired): accuracies,
 * their difference B − A, its standard error and McNemar's exact p-value.
 */
export function compareAccuracy(predictionsA: ArrayLike<number>, predictionsB: ArrayLike<number>, labels: ArrayLike<number>): AccuracyComparison {
  const n = labels.length;
  checkCount("labels.length", n);
  if (predictionsA.length !== n) throw new InvalidArgumentError("predictionsA", `${n} predictions (one per label)`, String(predictionsA.length));
  if (predictionsB.length !== n) throw new InvalidArgumentError("predictionsB", `${n} predictions (one per label)`, String(predictionsB.length));
  let rightA = 0, rightB = 0, onlyA = 0, onlyB = 0;
  for (let i = 0; i < n; i++) {
    const a = predictionsA[i] === labels[i];
    const b = predictionsB[i] === labels[i];
    if (a) rightA++;
    if (b) rightB++;
    if (a && !b) onlyA++;
    if (b && !a) onlyB++;
  }
  const difference = (rightB - rightA) / n;
  // Per-image differences d_i ∈ {−1, 0, 1}: variance of their mean = (E[d²] − E[d]²)/n.
  const standardError = Math.sqrt(Math.max(0, (onlyA + onlyB) / n - difference * difference) / n);
  return { n, accuracyA: rightA / n, accuracyB: rightB / n, difference, standardError, onlyA, onlyB, pValue: signTestPValue(onlyB, onlyA + onlyB) };
}

/** The arithmetic mean of `xs` (at least one value). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new InvalidArgumentError("xs", "at least one value", "none");
  return xs.reduce((a, x) => a + x, 0) / xs.length;
}

/** The sample standard deviation of `xs` (n − 1 in the denominator; 0 for a single value). */
export function sampleSd(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** The fraction of `predictions` equal to `labels` (same length). */
export function accuracyOf(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkCount("labels.length", labels.length);
  if (predictions.length !== labels.length) throw new InvalidArgumentError("predictions", `${labels.length} predictions (one per label)`, String(predictions.length));
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) right++;
  return right / labels.length;
}

/** True when a paired difference is non-zero and at least two standard errors from zero. */
export function beyondNoise(comparison: Pick<AccuracyComparison, "difference" | "standardError">): boolean {
  return comparison.difference !== 0 && Math.abs(comparison.difference) >= 2 * comparison.standardError;
}
