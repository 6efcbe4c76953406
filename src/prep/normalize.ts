/**
 * Normalisation (article §3.3): bytes to [0, 1] exactly as numpy's float32 division, and Keras's
 * featurewise standardisation with statistics fitted once and applied to any split.
 */
import { DatasetError, InvalidArgumentError } from "../errors";
import type { Images, PixelArray } from "../types";
import { assertImages } from "./assert-images";

/** x/255 for every byte, rounded to float32 once: equal to numpy's `x.astype(float32) / 255`. */
const BYTE_TO_UNIT = (() => {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = v / 255; // float64 quotient rounded to float32 = float32 division
  return table;
})();

/**
 * Pixels divided by 255 (bytes 0–255 → [0, 1]), exactly as numpy float32 does, into a new
 * Float32Array or into `into` (reusing a buffer skips the first-touch cost of fresh memory).
 */
export function normalize(images: Images<PixelArray>, into?: Float32Array): Images<Float32Array> {
  assertImages(images);
  const { data, n, h, w } = images;
  if (into !== undefined && (into.length !== data.length || into.buffer === data.buffer)) {
    throw new InvalidArgumentError("into", `a separate Float32Array of ${data.length} values`, `${into.length} values${into.buffer === data.buffer ? " sharing the input's memory" : ""}`);
  }
  const out = into ?? new Float32Array(data.length);
  if (data instanceof Uint8Array) {
    for (let i = 0; i < data.length; i++) out[i] = BYTE_TO_UNIT[data[i]];
  } else for (let i = 0; i < data.length; i++) out[i] = data[i] / 255;
  return { data: out, n, h, w };
}

/** Featurewise statistics, as Keras's `ImageDataGenerator.fit` stores them for one channel. */
export interface StandardizationStats {
  /** Mean of every pixel of the fitted images. */
  mean: number;
  /** Population standard deviation of every pixel after centring. */
  std: number;
}

/** Mean and std over all pixels (Keras featurewise_center + featurewise_std_normalization); float64 sums. */
export function fitStandardization(images: Images<PixelArray>): StandardizationStats {
  assertImages(images);
  const d = images.data;
  if (d.length === 0) throw new DatasetError("images", "at least one pixel", "none");
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += d[i];
  const mean = sum / d.length;
  let sq = 0;
  for (let i = 0; i < d.length; i++) {
    const c = d[i] - mean;
    sq += c * c;
  }
  return { mean, std: Math.sqrt(sq / d.length) };
}

/** (x − mean) / (std + 1e-6) into a new Float32Array: Keras's featurewise standardisation with stats from `fitStandardization`. */
export function applyStandardization(images: Images<PixelArray>, stats: StandardizationStats): Images<Float32Array> {
  assertImages(images);
  const { mean, std } = stats ?? ({} as StandardizationStats);
  if (!Number.isFinite(mean)) throw new InvalidArgumentError("stats.mean", "a finite number", String(mean));
  if (!Number.isFinite(std) || std < 0) throw new InvalidArgumentError("stats.std", "a finite number ≥ 0", String(std));
  const { data, n, h, w } = images;
  const m = Math.fround(mean), s = Math.fround(Math.fround(std) + 1e-6);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.fround(data[i] - m) / s;
  return { data: out, n, h, w };
}
