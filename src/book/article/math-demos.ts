/** The worked examples of the article's §4, as reusable computations: optimiser paths, the 2-D valley, Adam's bias ratio. */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../errors";
import { adamInit, adamStep, sgdStep, type AdamOptions, type AdamState } from "./formulas";
import { t } from "../i18n";

/** The z whose sigmoid is p: ln(p / (1 − p)). */
export function inverseSigmoid(p: number): number {
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError("p", "a probability strictly between 0 and 1", String(p));
  return Math.log(p / (1 - p));
}

/** θ after each step when a tfjs optimizer applies `grads` one by one from `theta0`; disposes the optimizer. */
export function optimizerPath(optimizer: tf.Optimizer, theta0: readonly number[], grads: ReadonlyArray<readonly number[]>): number[][] {
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(theta0 as number[])));
  const path = grads.map((g) => {
    tf.tidy(() => optimizer.applyGradients({ [theta.name]: tf.tensor1d(g as number[]) }));
    return Array.from(theta.dataSync());
  });
  theta.dispose();
  optimizer.dispose();
  return path;
}

/** θ after each step of `formulas.ts` SGD (`{ sgd: rate }`) or Adam (`AdamOptions`) applying `grads` from `theta0`. */
export function formulaPath(step: { sgd: number } | AdamOptions, theta0: readonly number[], grads: ReadonlyArray<readonly number[]>): number[][] {
  return formulaTrajectory(step, theta0, grads.length, (_, t) => grads[t]).slice(1);
}

/** Largest |a − b| over two paths of the same shape (Infinity if the shapes differ). */
export function maxPathGap(a: number[][], b: number[][]): number {
  if (a.length !== b.length) return Infinity;
  return Math.max(0, ...a.flatMap((row, t) => (row.length === b[t].length ? row.map((v, i) => Math.abs(v - b[t][i])) : [Infinity])));
}

/** The long, narrow valley f(x, y) = ½(x² + 25y²) of notebook 05. */
export const valley = (x: number, y: number): number => 0.5 * (x * x + 25 * y * y);

/** ∇f of the valley: [x, 25y]. */
export const valleyGrad = (x: number, y: number): number[] => [x, 25 * y];

/** The path (start included) of a tfjs optimizer minimising the valley for `steps` steps; disposes the optimizer. */
export function valleyTrajectory(optimizer: tf.Optimizer, start: readonly number[], steps: number): number[][] {
  const v = tf.tidy(() => tf.variable(tf.tensor1d(start as number[])));
  const path = [start.slice()];
  for (let i = 0; i < steps; i++) {
    tf.tidy(() => { optimizer.minimize(() => tf.mul(0.5, tf.sum(tf.mul(tf.tensor1d([1, 25]), tf.square(v)))) as tf.Scalar); });
    path.push(Array.from(v.dataSync()));
  }
  v.dispose();
  // tfjs 4.22: MomentumOptimizer.dispose() forgets the learning-rate scalar `c` of its SGD parent.
  const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
  optimizer.dispose();
  if (optimizer.getClassName() === "Momentum" && rate && !rate.isDisposed) rate.dispose();
  return path;
}

/** The path (start included) of `formulas.ts` SGD or Adam for `steps` steps, the gradient given by `grad(θ, t)`. */
export function formulaTrajectory(step: { sgd: number } | AdamOptions, start: readonly number[], steps: number, grad: (theta: number[], t: number) => readonly number[]): number[][] {
  let theta = start.slice(), state: AdamState = adamInit(start.length);
  const path = [theta];
  for (let t = 0; t < steps; t++) {
    if ("sgd" in step) theta = sgdStep(theta, grad(theta, t), step.sgd);
    else ({ theta, state } = adamStep(theta, grad(theta, t), state, step));
    path.push(theta);
  }
  return path;
}

/** Step t of the article's uncorrected Adam ÷ the bias-corrected step, for a constant gradient: (1 − β₁ᵗ) / √(1 − β₂ᵗ). */
export function adamBiasRatio(t: number, beta1 = 0.9, beta2 = 0.999): number {
  if (!Number.isInteger(t) || t < 1) throw new InvalidArgumentError("t", "a step number ≥ 1", String(t));
  return (1 - beta1 ** t) / Math.sqrt(1 - beta2 ** t);
}

/** The largest `adamBiasRatio` over steps 1…`steps`, and the step where it occurs. */
export function adamBiasRatioPeak(steps = 10000, beta1 = 0.9, beta2 = 0.999): { step: number; ratio: number } {
  let peak = { step: 1, ratio: adamBiasRatio(1, beta1, beta2) };
  for (let t = 2; t <= steps; t++) { const r = adamBiasRatio(t, beta1, beta2); if (r > peak.ratio) peak = { step: t, ratio: r }; }
  return peak;
}

/** How far (px) a shear of `angleRad` moves a pixel `distance` pixels from the centre (14 = the border of a 28×28 image). */
export function shearDisplacement(angleRad: number, distance = 14): number {
  return distance * Math.tan(angleRad);
}

/** One row of notebook 05's loss table: the article's value beside ours and tfjs's, rounded to 6 digits. */
export function lossRow(quantity: string, article: string, ours: number, tfjs: number | string, note: string): Record<string, unknown> {
  const round = (v: number) => Number(v.toPrecision(6));
  return { [t`quantity`]: quantity, [t`article`]: article, "formulas.ts": round(ours), tfjs: typeof tfjs === "number" ? round(tfjs) : tfjs, [t`note`]: note };
}
