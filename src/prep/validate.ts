/**
 * Cleaning (article §3.3), done the way the article meant: per-image validation with a report
 * (non-finite, out-of-range, blank and near-blank images, bad labels, duplicates, train/test
 * leaks), and dropping flagged images together with their labels.
 */
import { DatasetError, InvalidArgumentError } from "../errors";
import type { Images, LabelledImages, PixelArray } from "../types";
import { assertImages, assertLabels } from "./assert-images";

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
