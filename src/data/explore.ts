/** Summary statistics for exploring a split: label counts, pixel statistics, class means. */
import type { Images, PixelArray } from "../types";

/** How many times each label 0–9 occurs. */
export function labelCounts(labels: Uint8Array, classes = 10): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** Minimum, maximum, mean and standard deviation of all pixels, plus the share of zeros. */
export interface PixelStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  zeroFraction: number;
}

/** Pixel statistics over every image (one pass, float64 accumulation). */
export function pixelStats(images: Images<PixelArray>): PixelStats {
  const d = images.data;
  let min = Infinity, max = -Infinity, sum = 0, sumSq = 0, zeros = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
    if (v === 0) zeros++;
  }
  const mean = sum / d.length;
  return { min, max, mean, std: Math.sqrt(Math.max(0, sumSq / d.length - mean * mean)), zeroFraction: zeros / d.length };
}

/** The mean image of each class, as `classes` images of floats in the input's units. */
export function classMeans(images: Images<PixelArray>, labels: Uint8Array, classes = 10): Images<Float32Array> {
  const size = images.h * images.w;
  const sums = new Float64Array(classes * size);
  const counts = labelCounts(labels, classes);
  for (let i = 0; i < images.n; i++) {
    const base = labels[i] * size;
    const src = i * size;
    for (let p = 0; p < size; p++) sums[base + p] += images.data[src + p];
  }
  const data = new Float32Array(classes * size);
  for (let c = 0; c < classes; c++) {
    for (let p = 0; p < size; p++) data[c * size + p] = counts[c] ? sums[c * size + p] / counts[c] : 0;
  }
  return { data, n: classes, h: images.h, w: images.w };
}

/** A histogram of byte pixel values: `counts[v]` pixels have value v (0–255). */
export function byteHistogram(data: Uint8Array): number[] {
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < data.length; i++) counts[data[i]]++;
  return counts;
}
