/**
 * Cleaning (article §3.3), done the way the article meant: per-image validation with a report,
 * dropping flagged images together with their labels, a 3×3 median filter equal pixel for pixel
 * to `scipy.ndimage.median_filter(image, size=3)`, and normalisation/standardisation.
 */
import { DatasetError, InvalidArgumentError } from "../errors";
import type { Images, LabelledImages, PixelArray } from "../types";
import { reflectIndex } from "./reflect";

// ---------------------------------------------------------------------------------------------
// Shape checks shared by every function here
// ---------------------------------------------------------------------------------------------

/** Throws a DatasetError unless `images` is a consistent {data, n, h, w}. */
export function assertImages(images: Images<PixelArray>, name = "images"): void {
  if (!images || typeof images !== "object") throw new DatasetError(name, "{data, n, h, w}", String(images));
  const { data, n, h, w } = images;
  if (!(data instanceof Uint8Array) && !(data instanceof Float32Array)) {
    throw new DatasetError(`${name}.data`, "a Uint8Array or Float32Array", data === undefined ? "undefined" : Object.prototype.toString.call(data));
  }
  for (const [key, value] of [["n", n], ["h", h], ["w", w]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new DatasetError(`${name}.${key}`, "a non-negative integer", String(value));
  }
  if (data.length !== n * h * w) {
    throw new DatasetError(`${name}.data`, `${n * h * w} values for ${n}×${h}×${w}`, `${data.length}`, "wrong shape");
  }
}

function assertLabels(images: Images<PixelArray>, labels: Uint8Array, name = "labels"): void {
  if (!(labels instanceof Uint8Array)) throw new DatasetError(name, "a Uint8Array", Object.prototype.toString.call(labels));
  if (labels.length !== images.n) throw new DatasetError(name, `${images.n} labels, one per image`, `${labels.length}`);
}

// ---------------------------------------------------------------------------------------------
// Validation report
// ---------------------------------------------------------------------------------------------

/** Kinds of finding `validateImages` reports and `dropInvalid` can drop. */
export type FindingKind = "nonFinite" | "outOfRange" | "badLabel" | "blank" | "nearBlank" | "duplicate" | "leak";

/** Options of `validateImages`. */
export interface ValidateOptions {
  /** Another split (usually test) to look for exact copies in: train/test leakage. */
  reference?: Images<PixelArray>;
  /** Allowed pixel range; default [0, 255] (raw bytes; pass [0, 1] for normalised floats). */
  valueRange?: [number, number];
  /** A pixel counts as ink when it exceeds this; default 10% of the range above its minimum. */
  inkThreshold?: number;
  /** Images with fewer ink pixels than this are near-blank; default 10. */
  minInkPixels?: number;
}

/** What `validateImages` found: counts and image indices (ascending) per kind. */
export interface ValidationReport {
  /** Number of images checked. */
  n: number;
  h: number;
  w: number;
  /** Images with NaN or ±Infinity pixels (float input only). */
  nonFinite: number[];
  /** Images with a finite pixel outside `valueRange`. */
  outOfRange: number[];
  /** Images whose label is not 0–9. */
  badLabel: number[];
  /** Images with no ink pixel at all. */
  blank: number[];
  /** Images with some, but fewer than `minInkPixels`, ink pixels. */
  nearBlank: number[];
  /** Groups of indices whose images are byte-for-byte identical within the split. */
  duplicateGroups: number[][];
  /** Every member of a duplicate group except its first (the copies `dropInvalid` removes). */
  duplicate: number[];
  /** Images identical to some reference image: `[index, referenceIndex]` pairs. */
  leakPairs: Array<[number, number]>;
  /** Indices of images in `leakPairs` (unique, ascending). */
  leak: number[];
  /** How many images each kind flags. */
  counts: Record<FindingKind, number>;
  /** The settings used, so a report explains itself. */
  settings: { valueRange: [number, number]; inkThreshold: number; minInkPixels: number; reference: boolean };
}

/** 64-bit FNV-1a of an image's bytes, as a 53-bit number (collisions are confirmed byte by byte). */
function fnv1a64(bytes: Uint8Array, start: number, end: number): number {
  // 64-bit state in two 32-bit halves; prime 0x100000001b3 = 2^40 + 0x1b3.
  let hi = 0xcbf29ce4, lo = 0x84222325;
  for (let i = start; i < end; i++) {
    lo = (lo ^ bytes[i]) >>> 0;
    const t = lo * 0x1b3; // exact in a double (< 2^41)
    const carry = Math.floor(t / 4294967296);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = t >>> 0;
  }
  return (hi & 0x1fffff) * 4294967296 + lo;
}

function byteView(data: PixelArray): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}

/** Buckets image indices by hash, then splits each bucket into groups of byte-identical images. */
function identicalGroups(bytes: Uint8Array, n: number, imageBytes: number): { hashes: Float64Array; groups: Map<number, number[][]> } {
  const hashes = new Float64Array(n);
  const groups = new Map<number, number[][]>();
  for (let i = 0; i < n; i++) {
    const h = fnv1a64(bytes, i * imageBytes, (i + 1) * imageBytes);
    hashes[i] = h;
    let bucket = groups.get(h);
    if (!bucket) groups.set(h, (bucket = []));
    const group = bucket.find((g) => sameBytes(bytes, g[0] * imageBytes, bytes, i * imageBytes, imageBytes));
    if (group) group.push(i);
    else bucket.push([i]);
  }
  return { hashes, groups };
}

/**
 * Checks every image and label and reports what it finds, without changing anything:
 * non-finite and out-of-range pixels, labels outside 0–9, blank and near-blank images, exact
 * duplicates within the split and (with `reference`) exact copies of reference images.
 */
export function validateImages(images: Images<PixelArray>, labels: Uint8Array, options: ValidateOptions = {}): ValidationReport {
  assertImages(images);
  assertLabels(images, labels);
  const valueRange = options.valueRange ?? [0, 255];
  if (!Array.isArray(valueRange) || valueRange.length !== 2 || !(valueRange[0] < valueRange[1])) {
    throw new InvalidArgumentError("valueRange", "[min, max] with min < max", JSON.stringify(valueRange));
  }
  const [lo, hi] = valueRange;
  const inkThreshold = options.inkThreshold ?? lo + 0.1 * (hi - lo);
  const minInkPixels = options.minInkPixels ?? 10;
  if (!Number.isFinite(inkThreshold)) throw new InvalidArgumentError("inkThreshold", "a finite number", String(inkThreshold));
  if (!Number.isInteger(minInkPixels) || minInkPixels < 0) throw new InvalidArgumentError("minInkPixels", "a non-negative integer", String(minInkPixels));
  const { data, n, h, w } = images;
  const size = h * w;
  const report: ValidationReport = {
    n, h, w, nonFinite: [], outOfRange: [], badLabel: [], blank: [], nearBlank: [], duplicateGroups: [], duplicate: [], leakPairs: [], leak: [],
    counts: { nonFinite: 0, outOfRange: 0, badLabel: 0, blank: 0, nearBlank: 0, duplicate: 0, leak: 0 },
    settings: { valueRange: [lo, hi], inkThreshold, minInkPixels, reference: options.reference !== undefined },
  };
  const isFloat = data instanceof Float32Array;
  for (let i = 0; i < n; i++) {
    let ink = 0, bad = false, out = false;
    for (let p = i * size, end = p + size; p < end; p++) {
      const v = data[p];
      if (v > inkThreshold) ink++;
      if (isFloat && !Number.isFinite(v)) bad = true;
      else if (v < lo || v > hi) out = true;
    }
    if (bad) report.nonFinite.push(i);
    if (out) report.outOfRange.push(i);
    if (labels[i] > 9) report.badLabel.push(i);
    if (ink === 0) report.blank.push(i);
    else if (ink < minInkPixels) report.nearBlank.push(i);
  }

  const bytes = byteView(data);
  const imageBytes = size * data.BYTES_PER_ELEMENT;
  const { groups } = identicalGroups(bytes, n, imageBytes);
  for (const bucket of groups.values()) for (const g of bucket) if (g.length > 1) report.duplicateGroups.push(g);
  report.duplicateGroups.sort((a, b) => a[0] - b[0]);
  for (const g of report.duplicateGroups) report.duplicate.push(...g.slice(1));
  report.duplicate.sort((a, b) => a - b);

  if (options.reference !== undefined) {
    const ref = options.reference;
    assertImages(ref, "reference");
    if (ref.h !== h || ref.w !== w || ref.data.constructor !== data.constructor) {
      throw new DatasetError("reference", `${data.constructor.name} images of ${h}×${w}`, `${ref.data.constructor.name} images of ${ref.h}×${ref.w}`);
    }
    const refBytes = byteView(ref.data);
    const leaked = new Set<number>();
    for (let j = 0; j < ref.n; j++) {
      const bucket = groups.get(fnv1a64(refBytes, j * imageBytes, (j + 1) * imageBytes));
      if (!bucket) continue;
      for (const g of bucket) {
        if (!sameBytes(bytes, g[0] * imageBytes, refBytes, j * imageBytes, imageBytes)) continue;
        for (const i of g) {
          report.leakPairs.push([i, j]);
          leaked.add(i);
        }
      }
    }
    report.leakPairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    report.leak = [...leaked].sort((a, b) => a - b);
  }
  for (const kind of Object.keys(report.counts) as FindingKind[]) report.counts[kind] = report[kind].length;
  return report;
}

/** The kinds `dropInvalid` drops unless told otherwise (near-blank images are only reported). */
export const DEFAULT_DROP_KINDS: readonly FindingKind[] = ["nonFinite", "outOfRange", "badLabel", "blank", "duplicate", "leak"];

/** Removes the images a report flags (of the given kinds) together with their labels; returns copies. */
export function dropInvalid<T extends PixelArray>(
  split: LabelledImages<T>,
  report: ValidationReport,
  kinds: readonly FindingKind[] = DEFAULT_DROP_KINDS,
): LabelledImages<T> & { dropped: number[] } {
  const { images, labels } = split;
  assertImages(images);
  assertLabels(images, labels);
  if (report.n !== images.n || report.h !== images.h || report.w !== images.w) {
    throw new InvalidArgumentError("report", `a report for ${images.n} images of ${images.h}×${images.w}`, `one for ${report.n} of ${report.h}×${report.w}`);
  }
  const flagged = new Uint8Array(images.n);
  for (const kind of kinds) {
    if (!(kind in report.counts)) throw new InvalidArgumentError("kinds", `some of ${Object.keys(report.counts).join(", ")}`, JSON.stringify(kind));
    for (const i of report[kind]) flagged[i] = 1;
  }
  const dropped: number[] = [];
  for (let i = 0; i < images.n; i++) if (flagged[i]) dropped.push(i);
  const keep = images.n - dropped.length;
  const size = images.h * images.w;
  const data = new (images.data.constructor as { new (length: number): T })(keep * size);
  const kept = new Uint8Array(keep);
  for (let i = 0, k = 0; i < images.n; i++) {
    if (flagged[i]) continue;
    data.set(images.data.subarray(i * size, (i + 1) * size), k * size);
    kept[k++] = labels[i];
  }
  return { images: { data, n: keep, h: images.h, w: images.w }, labels: kept, dropped };
}

// ---------------------------------------------------------------------------------------------
// Median filter, scipy.ndimage.median_filter(image, size) with mode='reflect' (d c b a | a b c d)
// ---------------------------------------------------------------------------------------------


/**
 * 3×3 median of bytes. Each column's three values (rows above, at, below) are sorted once per
 * output row; the median of nine is then median(max of lows, median of mids, min of highs).
 * Because 0 is the smallest byte, any window holding at least five zeros has median 0, which
 * gives exact shortcuts for mostly-empty images like MNIST: only the bounding box of the ink can
 * be non-zero (a window centred outside it has two empty rows or columns), and inside it a window
 * whose three column middles are 0 holds at least six zeros.
 */
function median3x3U8(src: Uint8Array, dst: Uint8Array, n: number, h: number, w: number): void {
  const lo = new Int32Array(w + 2), mid = new Int32Array(w + 2), hi = new Int32Array(w + 2);
  const size = h * w;
  for (let img = 0; img < n; img++) {
    const base = img * size;
    // Bounding box of non-zero pixels.
    let rmin = h, rmax = -1, cmin = w, cmax = -1;
    for (let r = 0; r < h; r++) {
      const row = base + r * w;
      let first = -1, last = -1;
      for (let c = 0; c < w; c++) {
        if (src[row + c] !== 0) {
          if (first < 0) first = c;
          last = c;
        }
      }
      if (first < 0) continue;
      if (rmin === h) rmin = r;
      rmax = r;
      if (first < cmin) cmin = first;
      if (last > cmax) cmax = last;
    }
    if (rmax < 0) continue; // blank image: median is 0 everywhere
    const c0 = cmin > 0 ? cmin - 1 : 0, c1 = cmax < w - 1 ? cmax + 1 : w - 1;
    for (let r = rmin; r <= rmax; r++) {
      const up = base + (r > 0 ? r - 1 : 0) * w, at = base + r * w, down = base + (r < h - 1 ? r + 1 : h - 1) * w;
      for (let c = c0; c <= c1; c++) {
        const a = src[up + c], b = src[at + c], e = src[down + c];
        const mn = a < b ? a : b, mx = a < b ? b : a;
        const t = mn < e ? e : mn;
        lo[c + 1] = mn < e ? mn : e;
        mid[c + 1] = mx < t ? mx : t;
        hi[c + 1] = mx < t ? t : mx;
      }
      lo[0] = lo[1]; mid[0] = mid[1]; hi[0] = hi[1];
      lo[w + 1] = lo[w]; mid[w + 1] = mid[w]; hi[w + 1] = hi[w];
      for (let c = cmin; c <= cmax; c++) {
        const m0 = mid[c], m1 = mid[c + 1], m2 = mid[c + 2];
        if ((m0 | m1 | m2) === 0) continue;
        const l0 = lo[c], l1 = lo[c + 1], l2 = lo[c + 2];
        const x = l0 > l1 ? l0 : l1;
        const maxLo = x > l2 ? x : l2;
        const h0 = hi[c], h1 = hi[c + 1], h2 = hi[c + 2];
        const y = h0 < h1 ? h0 : h1;
        const minHi = y < h2 ? y : h2;
        const mn = m0 < m1 ? m0 : m1, mx = m0 < m1 ? m1 : m0;
        const z = mx < m2 ? mx : m2;
        const medMid = mn > z ? mn : z;
        const p = maxLo < medMid ? maxLo : medMid, q = maxLo < medMid ? medMid : maxLo;
        const u = q < minHi ? q : minHi;
        dst[at + c] = p > u ? p : u;
      }
    }
  }
}

/** The same network for float32 pixels (values compared as numbers; NaN is rejected beforehand). */
function median3x3F32(src: Float32Array, dst: Float32Array, n: number, h: number, w: number): void {
  const lo = new Float32Array(w + 2), mid = new Float32Array(w + 2), hi = new Float32Array(w + 2);
  const size = h * w;
  for (let img = 0; img < n; img++) {
    const base = img * size;
    for (let r = 0; r < h; r++) {
      const up = base + (r > 0 ? r - 1 : 0) * w, at = base + r * w, down = base + (r < h - 1 ? r + 1 : h - 1) * w;
      for (let c = 0; c < w; c++) {
        let a = src[up + c], b = src[at + c], d = src[down + c], t: number;
        if (a > b) { t = a; a = b; b = t; }
        if (b > d) { t = b; b = d; d = t; }
        if (a > b) { t = a; a = b; b = t; }
        lo[c + 1] = a; mid[c + 1] = b; hi[c + 1] = d;
      }
      lo[0] = lo[1]; mid[0] = mid[1]; hi[0] = hi[1];
      lo[w + 1] = lo[w]; mid[w + 1] = mid[w]; hi[w + 1] = hi[w];
      for (let c = 0; c < w; c++) {
        let x = lo[c], y = lo[c + 1], z = lo[c + 2];
        const maxLo = x > y ? (x > z ? x : z) : y > z ? y : z;
        x = hi[c]; y = hi[c + 1]; z = hi[c + 2];
        const minHi = x < y ? (x < z ? x : z) : y < z ? y : z;
        x = mid[c]; y = mid[c + 1]; z = mid[c + 2];
        const medMid = x > y ? (y > z ? y : x > z ? z : x) : x > z ? x : y > z ? z : y;
        dst[at + c] = maxLo > minHi ? (minHi > medMid ? minHi : maxLo > medMid ? medMid : maxLo) : maxLo > medMid ? maxLo : minHi > medMid ? medMid : minHi;
      }
    }
  }
}

/** Any window size: gather, sort, take element `floor(size²/2)` as scipy's rank filter does. */
function medianGeneric(src: PixelArray, dst: PixelArray, n: number, h: number, w: number, size: number): void {
  const before = size >> 1; // scipy centres the window at size // 2 (origin 0)
  const rowIdx = new Int32Array(h * size), colIdx = new Int32Array(w * size);
  for (let r = 0; r < h; r++) for (let k = 0; k < size; k++) rowIdx[r * size + k] = reflectIndex(r - before + k, h) * w;
  for (let c = 0; c < w; c++) for (let k = 0; k < size; k++) colIdx[c * size + k] = reflectIndex(c - before + k, w);
  const window = new Float64Array(size * size);
  const rank = (size * size) >> 1;
  for (let img = 0; img < n; img++) {
    const base = img * h * w;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let m = 0;
        for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) window[m++] = src[base + rowIdx[r * size + i] + colIdx[c * size + j]];
        window.sort();
        dst[base + r * w + c] = window[rank];
      }
    }
  }
}

/**
 * Median filter of each image, identical to `scipy.ndimage.median_filter(image, size=size)`
 * (mode 'reflect') for Uint8Array and Float32Array images; returns new images of the same type
 * (written into `into` when given: every pixel is overwritten).
 */
export function medianFilter<T extends PixelArray>(images: Images<T>, size = 3, into?: T): Images<T> {
  assertImages(images);
  if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError("size", "a positive integer", String(size));
  const { data, n, h, w } = images;
  if (into !== undefined && (into.constructor !== data.constructor || into.length !== data.length || into.buffer === data.buffer)) {
    throw new InvalidArgumentError("into", `a separate ${data.constructor.name} of ${data.length} values`, `${into.constructor.name} of ${into.length}${into.buffer === data.buffer ? " sharing the input's memory" : ""}`);
  }
  if (data instanceof Float32Array) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new DatasetError("images", "finite pixels", `${data[i]} in image ${Math.floor(i / (h * w))}`, "validateImages/dropInvalid removes such images");
      }
    }
  }
  // A fresh output costs a page fault per 4 KiB on first touch (V8 does not ask for huge pages),
  // which dominates on large inputs; `into` lets a caller reuse one buffer.
  const out = into ?? new (data.constructor as { new (length: number): T })(data.length);
  if (n === 0 || h === 0 || w === 0) return { data: out, n, h, w };
  if (size === 3 && data instanceof Uint8Array) {
    if (into !== undefined) out.fill(0); // median3x3U8 only writes non-zero medians
    median3x3U8(data, out as Uint8Array, n, h, w);
  } else if (size === 3 && data instanceof Float32Array) median3x3F32(data, out as Float32Array, n, h, w);
  else medianGeneric(data, out, n, h, w, size);
  return { data: out, n, h, w };
}

// ---------------------------------------------------------------------------------------------
// Normalisation and standardisation
// ---------------------------------------------------------------------------------------------

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

/** (x − mean) / (std + 1e-6) into a new Float32Array: Keras's featurewise standardisation with stored stats. */
export function standardize(images: Images<PixelArray>, stats: StandardizationStats): Images<Float32Array> {
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
