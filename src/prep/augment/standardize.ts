/**
 * Keras's `standardize` and the statistics its `fit` stores, on float32 pixels with Keras's
 * float32 rounding at every step.
 */
import { InvalidArgumentError } from "../../errors";
import type { PreprocessingFunction } from "./options";

/** The steps of Keras's `standardize` a generator applies, in Keras's order; null or false: skipped. */
export interface StandardizeSteps {
  preprocessingFunction: PreprocessingFunction | null;
  rescale: number | null;
  samplewiseCenter: boolean;
  samplewiseStdNormalization: boolean;
  /** Featurewise mean to subtract (from `fit`). */
  mean: number | null;
  /** Featurewise std to divide by (from `fit`), before adding Keras's 1e-6. */
  std: number | null;
}

/** Whether any step changes the pixels. */
export function changesPixels(steps: StandardizeSteps): boolean {
  return steps.preprocessingFunction !== null || steps.rescale !== null || steps.samplewiseCenter || steps.samplewiseStdNormalization || steps.mean !== null || steps.std !== null;
}

/** Applies `steps` in place to each of the `n` h×w images in `data`. */
export function standardizeInPlace(data: Float32Array, n: number, h: number, w: number, steps: StandardizeSteps): void {
  const size = h * w;
  const f = Math.fround;
  const rescale = steps.rescale === null ? null : f(steps.rescale);
  const mean = steps.mean === null ? null : f(steps.mean);
  const std = steps.std === null ? null : f(f(steps.std) + 1e-6);
  for (let i = 0; i < n; i++) {
    const base = i * size;
    if (steps.preprocessingFunction !== null) {
      const out = steps.preprocessingFunction(data.slice(base, base + size), h, w);
      if (!(out instanceof Float32Array) || out.length !== size) throw new InvalidArgumentError("preprocessingFunction", `a Float32Array of ${size} values back`, out instanceof Float32Array ? `${out.length} values` : Object.prototype.toString.call(out));
      data.set(out, base);
    }
    if (rescale !== null) for (let q = base; q < base + size; q++) data[q] = f(data[q] * rescale);
    if (steps.samplewiseCenter) {
      let sum = 0;
      for (let q = base; q < base + size; q++) sum += data[q];
      const m = f(sum / size);
      for (let q = base; q < base + size; q++) data[q] = f(data[q] - m);
    }
    if (steps.samplewiseStdNormalization) {
      let sum = 0, sq = 0;
      for (let q = base; q < base + size; q++) sum += data[q];
      const m = sum / size;
      for (let q = base; q < base + size; q++) sq += (data[q] - m) * (data[q] - m);
      const s = f(f(Math.sqrt(sq / size)) + 1e-6);
      for (let q = base; q < base + size; q++) data[q] = f(data[q] / s);
    }
    if (mean !== null) for (let q = base; q < base + size; q++) data[q] = f(data[q] - mean);
    if (std !== null) for (let q = base; q < base + size; q++) data[q] = f(data[q] / std);
  }
}

/** Mean of every pixel of `parts` and population std after centring on its float32 value, as Keras's `fit` computes them. */
export function featurewiseStats(parts: Float32Array[]): { mean: number; std: number } {
  let sum = 0, count = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) sum += p[i];
    count += p.length;
  }
  const mean = sum / count;
  const m = Math.fround(mean);
  let sq = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) { const c = Math.fround(p[i] - m); sq += c * c; }
  return { mean, std: Math.sqrt(sq / count) };
}
