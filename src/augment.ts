/**
 * Augmentation (article §3.4): Keras `ImageDataGenerator` semantics (keras-preprocessing 1.1,
 * scipy resampling path), batched over flat typed arrays.
 *
 * One matrix per image — rotation · shift · shear · zoom about the centre (h/2 − 0.5, w/2 − 0.5),
 * mapping output (row, col) to input (row, col) — resampled once like
 * `scipy.ndimage.affine_transform(order=1 | 0, mode=fillMode, cval)`, including scipy 1.10's
 * border rules for each mode. Random parameters come from the generator's own seeded PRNG
 * (xoshiro128**), drawn in Keras's order; the stream is *not* numpy's, so the same seed does not
 * give Keras's numbers — only the same distributions.
 */
import * as tf from "@tensorflow/tfjs";
import { assertImages } from "./clean";
import { DatasetError, InvalidArgumentError } from "./errors";
import type { Images, PixelArray } from "./types";
import { reflectIndex } from "./reflect";
import { BilinearKernel, RECORD_BYTES, WORK_BYTES, bilinearKernel } from "./augment-simd";

export { augmentSimdActive, setAugmentSimd } from "./augment-simd";

/** How points outside the input are filled (scipy.ndimage modes, as Keras passes them). */
export type FillMode = "constant" | "nearest" | "reflect" | "wrap";
/** Resampling: bilinear (scipy order 1, Keras's default) or nearest neighbour (order 0). */
export type Interpolation = "bilinear" | "nearest";

const FILL_MODES: readonly FillMode[] = ["constant", "nearest", "reflect", "wrap"];
const INTERPOLATIONS: readonly Interpolation[] = ["bilinear", "nearest"];

/** Parameters of one transform, with Keras's meanings (`get_random_transform`). */
export interface TransformParams {
  /** Rotation in degrees. */
  theta: number;
  /** Shift along rows (vertical) in pixels, from `heightShiftRange`. */
  tx: number;
  /** Shift along columns (horizontal) in pixels, from `widthShiftRange`. */
  ty: number;
  /** Shear angle in degrees. */
  shear: number;
  /** Zoom factor along rows. */
  zx: number;
  /** Zoom factor along columns. */
  zy: number;
  /** Mirror columns after the affine step. */
  flipHorizontal: boolean;
  /** Mirror rows after the affine step. */
  flipVertical: boolean;
}

/** Resampling options of `applyTransform`. */
export interface ResampleOptions {
  /** Default "nearest" (Keras's default). */
  fillMode?: FillMode;
  /** Fill value for "constant"; default 0. */
  cval?: number;
  /** Default "bilinear". */
  interpolation?: Interpolation;
}

/** Options of `ImageDataGenerator`, named like Keras's arguments. */
export interface ImageDataGeneratorOptions extends ResampleOptions {
  /** Degrees; θ ~ U(−r, r). */
  rotationRange?: number;
  /** A fraction of the width if < 1, else pixels, θ ~ U(−r, r); or an array to pick from (times ±1). */
  widthShiftRange?: number | number[];
  /** The same along the height. */
  heightShiftRange?: number | number[];
  /** z → zx, zy ~ U(1 − z, 1 + z) independently; or [lower, upper]. */
  zoomRange?: number | [number, number];
  /** Degrees (not radians, not a fraction): `shearRange: 0.1` is a 0.1° shear. */
  shearRange?: number;
  horizontalFlip?: boolean;
  verticalFlip?: boolean;
  /** Seed of the generator's PRNG; default 0. */
  seed?: number;
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------------------------

/** xoshiro128** seeded through splitmix32: small, fast, deterministic; not numpy's stream. */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new InvalidArgumentError("seed", "a finite number", String(seed));
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 4294967296)) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next(); this.s1 = next(); this.s2 = next(); this.s3 = next();
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A double in [0, 1) with 53 random bits. */
  random(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /** A double in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<A extends { length: number; [i: number]: number }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// ---------------------------------------------------------------------------------------------
// Matrices
// ---------------------------------------------------------------------------------------------

const deg2rad = (d: number) => (d * Math.PI) / 180;

/** The product being composed by `composeMatrix`: [a00, a01, a02, a10, a11, a12]. */
const composed = new Float64Array(6);

/**
 * composed ← composed · B for B = [[b00, b01, b02], [b10, b11, b12], [0, 0, 1]], or ← B when
 * `first`; numpy's term order. (A module-level function: a closure per call costs time.)
 */
function composeWith(first: boolean, b00: number, b01: number, b02: number, b10: number, b11: number, b12: number): void {
  const a = composed;
  if (first) {
    a[0] = b00; a[1] = b01; a[2] = b02; a[3] = b10; a[4] = b11; a[5] = b12;
    return;
  }
  const a00 = a[0], a01 = a[1], a02 = a[2], a10 = a[3], a11 = a[4], a12 = a[5];
  a[0] = a00 * b00 + a01 * b10; a[1] = a00 * b01 + a01 * b11; a[2] = a00 * b02 + a01 * b12 + a02;
  a[3] = a10 * b00 + a11 * b10; a[4] = a10 * b01 + a11 * b11; a[5] = a10 * b02 + a11 * b12 + a12;
}

/**
 * Writes into `out` the 2×3 matrix [m00, m01, o0, m10, m11, o1] mapping an output pixel (row, col)
 * to the input point it samples, composed like keras-preprocessing's `apply_affine_transform`
 * (rotation · shift · shear · zoom, then centred); returns false for the identity (Keras then
 * leaves the image untouched). Affine products are written out with numpy's term order.
 */
function composeMatrix(params: TransformParams, h: number, w: number, out: Float64Array): boolean {
  const { theta, tx, ty, shear, zx, zy } = params;
  let any = false;
  if (theta !== 0) {
    const t = deg2rad(theta), c = Math.cos(t), s = Math.sin(t);
    composeWith(!any, c, -s, 0, s, c, 0);
    any = true;
  }
  if (tx !== 0 || ty !== 0) {
    composeWith(!any, 1, 0, tx, 0, 1, ty);
    any = true;
  }
  if (shear !== 0) {
    const s = deg2rad(shear);
    composeWith(!any, 1, -Math.sin(s), 0, 0, Math.cos(s), 0);
    any = true;
  }
  if (zx !== 1 || zy !== 1) {
    composeWith(!any, zx, 0, 0, 0, zy, 0);
    any = true;
  }
  if (!any) return false;
  const a00 = composed[0], a01 = composed[1], a02 = composed[2], a10 = composed[3], a11 = composed[4], a12 = composed[5];
  // offset · A · reset, offset = translate(ox, oy), reset = translate(−ox, −oy).
  const ox = h / 2 - 0.5, oy = w / 2 - 0.5;
  const b02 = a02 + ox, b12 = a12 + oy; // offset · A: only the last column changes
  out[0] = a00; out[1] = a01; out[2] = a00 * -ox + a01 * -oy + b02;
  out[3] = a10; out[4] = a11; out[5] = a10 * -ox + a11 * -oy + b12;
  return true;
}

/**
 * The 2×3 matrix [m00, m01, o0, m10, m11, o1] that maps an output pixel (row, col) to the input
 * point it samples (keras-preprocessing's composition); null for the identity.
 */
export function transformMatrix(params: TransformParams, h: number, w: number): Float64Array | null {
  checkParams(params, "params");
  const out = new Float64Array(6);
  return composeMatrix(params, h, w, out) ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Validation of options and parameters
// ---------------------------------------------------------------------------------------------

function checkRange(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(name, "a finite number ≥ 0", JSON.stringify(value));
  }
  return value;
}

function checkShiftRange(name: string, value: unknown): number | number[] {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
      throw new InvalidArgumentError(name, "a non-empty array of finite numbers", JSON.stringify(value));
    }
    return value.slice();
  }
  return checkRange(name, value);
}

function checkResample(options: ResampleOptions): Required<ResampleOptions> {
  const fillMode = options.fillMode ?? "nearest";
  const interpolation = options.interpolation ?? "bilinear";
  const cval = options.cval ?? 0;
  if (!FILL_MODES.includes(fillMode)) throw new InvalidArgumentError("fillMode", FILL_MODES.map((m) => `"${m}"`).join(" | "), JSON.stringify(fillMode));
  if (!INTERPOLATIONS.includes(interpolation)) throw new InvalidArgumentError("interpolation", INTERPOLATIONS.map((m) => `"${m}"`).join(" | "), JSON.stringify(interpolation));
  if (typeof cval !== "number" || !Number.isFinite(cval)) throw new InvalidArgumentError("cval", "a finite number", JSON.stringify(cval));
  return { fillMode, interpolation, cval };
}

function checkParams(p: TransformParams, index: number | "params"): void {
  if (p && Number.isFinite(p.theta) && Number.isFinite(p.tx) && Number.isFinite(p.ty) && Number.isFinite(p.shear) && Number.isFinite(p.zx) && Number.isFinite(p.zy)) return;
  const where = index === "params" ? index : `params[${index}]`;
  if (!p || typeof p !== "object") throw new InvalidArgumentError(where, "transform parameters {theta, tx, ty, shear, zx, zy, …}", String(p));
  for (const key of ["theta", "tx", "ty", "shear", "zx", "zy"] as const) {
    if (typeof p[key] !== "number" || !Number.isFinite(p[key])) throw new InvalidArgumentError(`${where}.${key}`, "a finite number", JSON.stringify(p[key]));
  }
}

// ---------------------------------------------------------------------------------------------
// Resampling
// ---------------------------------------------------------------------------------------------

const MODE_CONSTANT = 0, MODE_NEAREST = 1, MODE_REFLECT = 2, MODE_WRAP = 3;
const MODE_CODE: Record<FillMode, number> = { constant: MODE_CONSTANT, nearest: MODE_NEAREST, reflect: MODE_REFLECT, wrap: MODE_WRAP };


/** scipy 1.10 `map_coordinate` for 'wrap' (period len − 1, its documented quirk) and 'nearest'. */
function mapCoordinate(x: number, len: number, mode: number): number {
  if (mode === MODE_NEAREST) return x < 0 ? 0 : x > len - 1 ? len - 1 : x;
  if (mode === MODE_WRAP) {
    if (len <= 1) return 0;
    const sz = len - 1;
    if (x < 0) return x + sz * (Math.trunc(-x / sz) + 1);
    if (x > sz) return x - sz * Math.trunc(x / sz);
  }
  return x;
}

/**
 * One output pixel anywhere (borders, any mode): scipy's order-0 pick, or its order-1 value from
 * the 2×2 neighbours as `bilinear` computes it (scipy's weighted sum to within a few float32 steps).
 */
function samplePixel(src: PixelArray, base: number, h: number, w: number, ir: number, ic: number, mode: number, cval: number, order: number): number {
  if (mode === MODE_CONSTANT) {
    if (ir < 0 || ir > h - 1 || ic < 0 || ic > w - 1) return cval;
  } else if (mode !== MODE_REFLECT) {
    ir = mapCoordinate(ir, h, mode);
    ic = mapCoordinate(ic, w, mode);
  }
  if (order === 0) {
    let r = Math.floor(ir + 0.5), c = Math.floor(ic + 0.5);
    if (mode === MODE_REFLECT) {
      r = reflectIndex(r, h);
      c = reflectIndex(c, w);
    } else {
      if (r > h - 1) r = h - 1;
      if (c > w - 1) c = w - 1;
    }
    return src[base + r * w + c];
  }
  const r0 = Math.floor(ir), c0 = Math.floor(ic);
  let ra: number, rb: number, ca: number, cb: number;
  if (mode === MODE_REFLECT) {
    ra = reflectIndex(r0, h); rb = reflectIndex(r0 + 1, h);
    ca = reflectIndex(c0, w); cb = reflectIndex(c0 + 1, w);
  } else {
    // After mapping, the coordinate is inside [0, len − 1]; a neighbour at len has weight 0.
    ra = r0; rb = r0 + 1 < h ? r0 + 1 : h - 1;
    ca = c0; cb = c0 + 1 < w ? c0 + 1 : w - 1;
  }
  ra *= w; rb *= w;
  return bilinear(src[base + ra + ca], src[base + ra + cb], src[base + rb + ca], src[base + rb + cb], ir - r0, ic - c0);
}

/**
 * The bilinear value of neighbours a (r0, c0), b (r0, c0 + 1), c (r0 + 1, c0), d (r0 + 1, c0 + 1) at
 * fractions fr, fc, in float32 arithmetic (every step rounded, as the SIMD kernel's f32x4 lanes
 * do): interpolated along columns, then rows. scipy sums the four weighted values in float64;
 * on 0–255 values the two differ by at most a few float32 steps (~3e-5), well within the 1e-4
 * the fixtures allow, and this form takes 3 multiplications, not 8.
 */
function bilinear(a: number, b: number, c: number, d: number, fr: number, fc: number): number {
  const f = Math.fround;
  const r = f(fr), q = f(fc);
  const top = f(a + f(f(b - a) * q));
  return f(top + f(f(f(c + f(f(d - c) * q)) - top) * r));
}

/**
 * Bounding boxes of the non-zero pixels of every image, as [r0, r1, c0, c1] per image
 * (r1 = −1 for a blank image). Bytes are scanned four at a time when aligned.
 */
export function inkBoxes(images: Images<PixelArray>): Int16Array {
  const { data, n, h, w } = images;
  const boxes = new Int16Array(n * 4);
  const size = h * w;
  const colInk = new Uint8Array(w);
  const words = data instanceof Uint8Array && data.byteOffset % 4 === 0 && w % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : null;
  const colWords = new Uint32Array(w >> 2);
  for (let i = 0; i < n; i++) {
    let r0 = h, r1 = -1, c0 = w, c1 = -1;
    if (words !== null) {
      const wpr = w >> 2;
      colWords.fill(0);
      for (let r = 0, q = (i * size) >> 2; r < h; r++) {
        let any = 0;
        for (let k = 0; k < wpr; k++, q++) {
          const v = words[q];
          any |= v;
          colWords[k] |= v;
        }
        if (any !== 0) {
          if (r0 === h) r0 = r;
          r1 = r;
        }
      }
      const bytes = new Uint8Array(colWords.buffer);
      for (let c = 0; c < w; c++) {
        if (bytes[c] !== 0) {
          if (c0 === w) c0 = c;
          c1 = c;
        }
      }
    } else {
      colInk.fill(0);
      for (let r = 0, p = i * size; r < h; r++) {
        let rowInk = 0;
        for (let c = 0; c < w; c++, p++) {
          const ink = data[p] !== 0 ? 1 : 0;
          rowInk |= ink;
          colInk[c] |= ink;
        }
        if (rowInk !== 0) {
          if (r0 === h) r0 = r;
          r1 = r;
        }
      }
      for (let c = 0; c < w; c++) {
        if (colInk[c] !== 0) {
          if (c0 === w) c0 = c;
          c1 = c;
        }
      }
    }
    boxes[i * 4] = r0; boxes[i * 4 + 1] = r1; boxes[i * 4 + 2] = c0; boxes[i * 4 + 3] = c1;
  }
  return boxes;
}

/**
 * How far (in pixels) the ink window reaches past the box widened by one pixel. A source point
 * outside the widened box samples only zeros, so its output is exactly +0 whichever path computes
 * it; the slack only has to exceed the rounding of the coordinates (~1e-14) so that the columns
 * found from the window by division (JS) or by multiplying by the inverse (SIMD) include every
 * column whose computed source point lies inside.
 */
const WINDOW_SLACK = 1e-9;

/**
 * Writes at `at` of `out` the window of input coordinates that can bring ink into an output pixel
 * — the image's ink bounding box widened by one pixel and WINDOW_SLACK, [rLo, rHi, cLo, cHi],
 * ±Infinity where it cannot help — and returns false for a blank image (every output pixel 0).
 * Only for fills that cannot bring ink in from elsewhere ('nearest', or 'constant' with cval 0)
 * and a known `box`; otherwise the window is unlimited.
 */
function inkWindow(box: Int16Array | null, boxAt: number, h: number, w: number, mode: number, cval: number, out: Float64Array, at: number): boolean {
  let rLo = -Infinity, rHi = Infinity, cLo = -Infinity, cHi = Infinity;
  const sparse = box !== null && (mode === MODE_NEAREST || (mode === MODE_CONSTANT && cval === 0));
  if (sparse) {
    const r0 = box[boxAt], r1 = box[boxAt + 1], c0 = box[boxAt + 2], c1 = box[boxAt + 3];
    if (r1 < 0) return false;
    rLo = r0 - 1 - WINDOW_SLACK; rHi = r1 + 1 + WINDOW_SLACK; cLo = c0 - 1 - WINDOW_SLACK; cHi = c1 + 1 + WINDOW_SLACK;
    if (mode === MODE_NEAREST) {
      // Clamped coordinates land on the edge rows/columns, which hold ink if the box touches them.
      if (r0 === 0) rLo = -Infinity;
      if (r1 === h - 1) rHi = Infinity;
      if (c0 === 0) cLo = -Infinity;
      if (c1 === w - 1) cHi = Infinity;
    }
  }
  out[at] = rLo; out[at + 1] = rHi; out[at + 2] = cLo; out[at + 3] = cHi;
  return true;
}

/** How far past one column step a window must stay from the image's edges for `windowInsideInterior`. */
const INTERIOR_MARGIN = 1e-6;

/**
 * Whether every column a row finds from the ink window at `at` of `window` samples an interior
 * point (its whole 2×2 neighbourhood inside the image). Those columns' source points lie within
 * one column step (|m01| rows, |m11| columns) of the window, so it holds when the window so
 * widened stays inside [0, h − 1) × [0, w − 1); rows then need no search for their interior run.
 * False for an infinite window.
 */
function windowInsideInterior(window: Float64Array, at: number, m01: number, m11: number, h: number, w: number): boolean {
  const rowStep = Math.abs(m01) + INTERIOR_MARGIN, columnStep = Math.abs(m11) + INTERIOR_MARGIN;
  return window[at] - rowStep >= 0 && window[at + 1] + rowStep < h - 1 && window[at + 2] - columnStep >= 0 && window[at + 3] + columnStep < w - 1;
}

/**
 * Output columns lo..hi of one row (starting at `out` of `dst`), except the interior run
 * first..last (none if first > last), through `samplePixel` — which gives interior points the
 * same value, bit for bit, as the run's bilinear formula.
 */
function resampleRowOutsideRun(src: PixelArray, srcBase: number, dst: Float32Array, out: number, h: number, w: number, rowR: number, rowC: number, m01: number, o0: number, m11: number, o1: number, lo: number, hi: number, first: number, last: number, mode: number, cval: number, order: number): void {
  for (let c = lo; c <= hi; c++) {
    if (c === first) {
      c = last;
      continue;
    }
    dst[out + c] = samplePixel(src, srcBase, h, w, rowR + (c * m01 + o0), rowC + (c * m11 + o1), mode, cval, order);
  }
}

/**
 * Resamples the image at `base` of `src` through matrix `m` into `dst` at the same offset.
 * Interior pixels take a branch-light bilinear path; others go through `samplePixel`. With a
 * `box` (the image's ink bounding box) and a fill that cannot bring ink in from elsewhere
 * ('nearest', or 'constant' with cval 0), pixels whose source point lies more than one pixel
 * outside the box are exactly 0 and are skipped (`dst` is zero-filled). The SIMD kernel
 * (augment-simd.ts) repeats this row logic for byte images.
 */
function resampleImage(src: PixelArray, srcBase: number, dst: Float32Array, base: number, h: number, w: number, m: Float64Array, mode: number, cval: number, order: number, colR: Float64Array, colC: Float64Array, box: Int16Array | null, boxAt: number, sourceWindow: Float64Array): void {
  const m00 = m[0], m01 = m[1], o0 = m[2], m10 = m[3], m11 = m[4], o1 = m[5];
  for (let c = 0; c < w; c++) {
    colR[c] = c * m01 + o0;
    colC[c] = c * m11 + o1;
  }
  if (!inkWindow(box, boxAt, h, w, mode, cval, sourceWindow, 0)) return; // blank image: every output pixel is 0
  const rLo = sourceWindow[0], rHi = sourceWindow[1], cLo = sourceWindow[2], cHi = sourceWindow[3];
  const hm1 = h - 1, wm1 = w - 1;
  const interiorRuns = order === 1;
  const allInterior = interiorRuns && windowInsideInterior(sourceWindow, 0, m01, m11, h, w);
  for (let r = 0; r < h; r++) {
    const rowR = r * m00, rowC = r * m10, out = base + r * w;
    let lo = 0, hi = wm1;
    // Columns whose source point (rowR + (c·m01 + o0), rowC + (c·m11 + o1)) can fall in the window
    // (no limit where the window is infinite): floor and ceil of where it crosses the window's edges.
    const a = rowR + o0;
    if (m01 === 0) {
      if (a < rLo || a > rHi) continue;
    } else {
      let x = (rLo - a) / m01, y = (rHi - a) / m01;
      if (x > y) { const t = x; x = y; y = t; }
      if (x > lo) lo = Math.floor(x);
      if (y < hi) hi = Math.ceil(y);
    }
    const b = rowC + o1;
    if (m11 === 0) {
      if (b < cLo || b > cHi) continue;
    } else {
      let x = (cLo - b) / m11, y = (cHi - b) / m11;
      if (x > y) { const t = x; x = y; y = t; }
      if (x > lo) lo = Math.max(lo, Math.floor(x));
      if (y < hi) hi = Math.min(hi, Math.ceil(y));
    }
    if (lo < 0) lo = 0;
    if (hi > wm1) hi = wm1;
    // Columns whose source point is interior: the coordinates are monotone in c (floating-point
    // rounding is monotone), so these form one run — all of lo..hi when the window lies well inside
    // the image, else estimated and then checked at its ends.
    let first = hi + 1, last = hi;
    if (interiorRuns) {
      first = lo; last = hi;
      if (!allInterior) {
        if (m01 !== 0) {
          const x = -a / m01, y = (hm1 - a) / m01;
          first = Math.max(first, Math.ceil(x < y ? x : y));
          last = Math.min(last, Math.floor(x < y ? y : x));
        } else if (!(a >= 0 && a < hm1)) last = first - 1;
        if (m11 !== 0) {
          const x = -b / m11, y = (wm1 - b) / m11;
          first = Math.max(first, Math.ceil(x < y ? x : y));
          last = Math.min(last, Math.floor(x < y ? y : x));
        } else if (!(b >= 0 && b < wm1)) last = first - 1;
        while (first <= last) {
          const ir = rowR + colR[first], ic = rowC + colC[first];
          if (ir >= 0 && ir < hm1 && ic >= 0 && ic < wm1) break;
          first++;
        }
        while (last >= first) {
          const ir = rowR + colR[last], ic = rowC + colC[last];
          if (ir >= 0 && ir < hm1 && ic >= 0 && ic < wm1) break;
          last--;
        }
      }
      for (let c = first; c <= last; c++) {
        const ir = rowR + colR[c], ic = rowC + colC[c];
        const r0 = ir | 0, c0 = ic | 0;
        const p = srcBase + r0 * w + c0;
        dst[out + c] = bilinear(src[p], src[p + 1], src[p + w], src[p + w + 1], ir - r0, ic - c0);
      }
      if (first > last) { first = hi + 1; last = hi; }
    }
    resampleRowOutsideRun(src, srcBase, dst, out, h, w, rowR, rowC, m01, o0, m11, o1, lo, hi, first, last, mode, cval, order);
  }
}

/**
 * Transforms images into `dst`: output image k is source image `pick[k]` (or k) under
 * `params[k]` (or the shared params); `boxes` are the source images' ink boxes. Bilinear
 * resampling of byte images goes through the SIMD `kernel` when one is given; `dstZeroed` says
 * whether `dst` already holds zeros (the JS path writes only pixels that can be non-zero).
 */
function transformInto(src: PixelArray, pick: Uint32Array | null, dst: Float32Array, count: number, h: number, w: number, params: TransformParams | TransformParams[], mode: number, cval: number, order: number, boxes: Int16Array | null, kernel: BilinearKernel | null, dstZeroed: boolean): void {
  const size = h * w;
  if (count === 0 || size === 0) return;
  if (kernel !== null && order === 1 && src instanceof Uint8Array) {
    const perImage = RECORD_BYTES + h * WORK_BYTES + size * 4 + size;
    const chunk = Math.max(1, Math.min(count, Math.floor(KERNEL_CHUNK_BYTES / perImage)));
    kernel.reserve(chunk, h, w);
    for (let start = 0; start < count; start += chunk) {
      transformChunkSimd(kernel, src, pick, dst, start, Math.min(chunk, count - start), h, w, params, mode, cval, boxes);
    }
    return;
  }
  if (!dstZeroed) dst.fill(0, 0, count * size);
  const colR = new Float64Array(w), colC = new Float64Array(w);
  const m = new Float64Array(6), sourceWindow = new Float64Array(4);
  const shared = Array.isArray(params) ? null : params;
  const sharedIdentity = shared !== null && !composeMatrix(shared, h, w, m);
  for (let k = 0; k < count; k++) {
    const i = pick === null ? k : pick[k];
    const p = shared ?? (params as TransformParams[])[k];
    const identity = shared !== null ? sharedIdentity : !composeMatrix(p, h, w, m);
    if (identity) for (let q = 0, from = i * size, to = k * size; q < size; q++) dst[to + q] = src[from + q];
    else resampleImage(src, i * size, dst, k * size, h, w, m, mode, cval, order, colR, colC, boxes, i * 4, sourceWindow);
    if (p.flipHorizontal || p.flipVertical) flipInPlace(dst, k * size, h, w, p.flipHorizontal, p.flipVertical);
  }
}

/** Scratch of `transformChunkSimd`, reused across calls (it is synchronous and not re-entrant). */
const chunkMatrix = new Float64Array(6);
let chunkFlags = new Uint8Array(0);
let chunkRecords = new Int32Array(0);

/** Scratch bytes of one kernel call (records, work list, output, staged sources): about 4 MB. */
const KERNEL_CHUNK_BYTES = 1 << 22;

/** Bytes between the reads of `touchImages`: a cache line. */
const CACHE_LINE = 64;
/** Where `touchImages`'s result goes, so that the compiler cannot drop its reads. */
let touchSink = 0;

/**
 * Reads one byte per cache line of the picked images, so that their cache misses (shuffled
 * images lie anywhere in a 47 MB array) overlap rather than stall the staging copies one by
 * one; returns a value only so the reads are kept.
 */
function touchImages(src: Uint8Array, pick: Uint32Array, start: number, count: number, size: number): number {
  let sum = 0;
  for (let k = start; k < start + count; k++) {
    const from = pick[k] * size, to = from + size;
    for (let q = from; q < to; q += CACHE_LINE) sum += src[q];
    sum += src[to - 1];
  }
  return sum;
}

/**
 * Output images start..start+count−1 through the SIMD kernel: records of the images to resample,
 * one kernel call (interior runs into zeroed wasm memory), a copy into `dst`, then in JS the
 * pixels the kernel left (border columns, short runs), identity images and flips.
 */
function transformChunkSimd(kernel: BilinearKernel, src: Uint8Array, pick: Uint32Array | null, dst: Float32Array, start: number, count: number, h: number, w: number, params: TransformParams | TransformParams[], mode: number, cval: number, boxes: Int16Array | null): void {
  const size = h * w;
  const { f64, i32, f32, bytes } = kernel;
  const shared = Array.isArray(params) ? null : params;
  const m = chunkMatrix;
  const sharedIdentity = shared !== null && !composeMatrix(shared, h, w, m);
  if (chunkFlags.length < count) {
    chunkFlags = new Uint8Array(count);
    chunkRecords = new Int32Array(count);
  }
  const identities = chunkFlags, recordImages = chunkRecords;
  identities.fill(0, 0, count);
  // Sources are staged image by image (one copy when the images are consecutive).
  if (pick === null) bytes.set(src.subarray(start * size, (start + count) * size), kernel.stageAt);
  else touchSink = touchImages(src, pick, start, count, size);
  let records = 0;
  for (let k = 0; k < count; k++) {
    const i = pick === null ? start + k : pick[start + k];
    const p = shared ?? (params as TransformParams[])[start + k];
    if (shared !== null ? sharedIdentity : !composeMatrix(p, h, w, m)) {
      identities[k] = 1;
      continue;
    }
    const at = (kernel.recordsAt + records * RECORD_BYTES) >> 3;
    if (!inkWindow(boxes, i * 4, h, w, mode, cval, f64, at + 6)) continue; // blank: stays 0
    f64[at] = m[0]; f64[at + 1] = m[1]; f64[at + 2] = m[2]; f64[at + 3] = m[3]; f64[at + 4] = m[4]; f64[at + 5] = m[5];
    const source = kernel.stageAt + k * size;
    if (pick !== null) bytes.set(src.subarray(i * size, (i + 1) * size), source);
    i32[(at << 1) + 20] = source;
    i32[(at << 1) + 21] = kernel.outAt + k * size * 4;
    i32[(at << 1) + 22] = windowInsideInterior(f64, at + 6, m[1], m[4], h, w) ? 1 : 0;
    recordImages[records++] = k;
  }
  const outIndex = kernel.outAt >> 2;
  f32.fill(0, outIndex, outIndex + count * size);
  const entries = records > 0 ? kernel.resample(records, h, w) : 0;
  dst.set(f32.subarray(outIndex, outIndex + count * size), start * size);
  // Rows with pixels the kernel left: border columns and runs shorter than 4.
  for (let e = 0, at = kernel.workAt >> 2; e < entries; e++, at += WORK_BYTES >> 2) {
    const slot = i32[at], r = i32[at + 1];
    const k = recordImages[slot], i = pick === null ? start + k : pick[start + k];
    const m0 = (kernel.recordsAt + slot * RECORD_BYTES) >> 3;
    const m00 = f64[m0], m01 = f64[m0 + 1], o0 = f64[m0 + 2], m10 = f64[m0 + 3], m11 = f64[m0 + 4], o1 = f64[m0 + 5];
    resampleRowOutsideRun(src, i * size, dst, (start + k) * size + r * w, h, w, r * m00, r * m10, m01, o0, m11, o1, i32[at + 2], i32[at + 5], i32[at + 3], i32[at + 4], mode, cval, 1);
  }
  for (let k = 0; k < count; k++) {
    const i = pick === null ? start + k : pick[start + k];
    const p = shared ?? (params as TransformParams[])[start + k];
    const base = (start + k) * size;
    if (identities[k] === 1) for (let q = 0, from = i * size; q < size; q++) dst[base + q] = src[from + q];
    if (p.flipHorizontal || p.flipVertical) flipInPlace(dst, base, h, w, p.flipHorizontal, p.flipVertical);
  }
}

function flipInPlace(dst: Float32Array, base: number, h: number, w: number, horizontal: boolean, vertical: boolean): void {
  if (horizontal) {
    for (let r = 0; r < h; r++) dst.subarray(base + r * w, base + (r + 1) * w).reverse();
  }
  if (vertical) {
    const row = new Float32Array(w);
    for (let r = 0; r < h >> 1; r++) {
      const a = base + r * w, b = base + (h - 1 - r) * w;
      row.set(dst.subarray(a, a + w));
      dst.copyWithin(a, b, b + w);
      dst.set(row, b);
    }
  }
}

/**
 * Applies one parameter set to every image, or `params[i]` to image `i`, deterministically, as
 * Keras's `apply_transform` does (affine resampling, then flips). Returns float32 images.
 */
export function applyTransform(images: Images<PixelArray>, params: TransformParams | TransformParams[], options: ResampleOptions = {}): Images<Float32Array> {
  assertImages(images);
  const { fillMode, cval, interpolation } = checkResample(options);
  const { data, n, h, w } = images;
  if (Array.isArray(params)) {
    if (params.length !== n) throw new InvalidArgumentError("params", `${n} parameter sets, one per image`, `${params.length}`);
    for (let i = 0; i < n; i++) checkParams(params[i], i);
  } else {
    checkParams(params, "params");
  }
  const out = new Float32Array(data.length);
  const mode = MODE_CODE[fillMode], order = interpolation === "bilinear" ? 1 : 0;
  const boxes = mode === MODE_NEAREST || (mode === MODE_CONSTANT && cval === 0) ? inkBoxes(images) : null;
  const kernel = order === 1 && data instanceof Uint8Array ? bilinearKernel() : null;
  transformInto(data, null, out, n, h, w, params, mode, cval, order, boxes, kernel, true);
  return { data: out, n, h, w };
}

const boxCache = new WeakMap<PixelArray, Int16Array>();

/** Ink boxes of a dataset, computed once per data array (flow re-reads them every epoch). */
function cachedInkBoxes(images: Images<PixelArray>): Int16Array {
  let boxes = boxCache.get(images.data);
  if (boxes === undefined || boxes.length !== images.n * 4) {
    boxes = inkBoxes(images);
    boxCache.set(images.data, boxes);
  }
  return boxes;
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/** One batch from `flow`: images [b, h, w] as float32, labels as given. */
export interface AugmentedBatch {
  images: Images<Float32Array>;
  labels: Uint8Array;
  /** The transform each image received. */
  params: TransformParams[];
  /** Which epoch (from 0) and which batch within it. */
  epoch: number;
  batch: number;
}

/** Options of `flow` and `dataset`. */
export interface FlowOptions {
  /** Default 32. */
  batchSize?: number;
  /** Reshuffle the order every epoch; default true. */
  shuffle?: boolean;
  /** Seed of the shuffling and of the transforms of this flow; default: the generator's next draw. */
  seed?: number;
  /** Epochs to run; default Infinity (like Keras, the caller stops it). */
  epochs?: number;
  /**
   * Reuse one output buffer: each batch's `images.data` is overwritten by the next batch (saves
   * allocating and first-touching fresh memory; `dataset` does this since tensors copy). Default false.
   */
  reuseBuffers?: boolean;
}

/** Options of `dataset`: labels for sparse (`[b, 1]`) or categorical (`[b, classes]`) cross-entropy. */
export interface DatasetOptions extends FlowOptions {
  /** "sparse" (default, for `loss: "sparseCategoricalCrossentropy"`) or "oneHot". */
  labelFormat?: "sparse" | "oneHot";
  /** Classes for one-hot labels; default 10. */
  classes?: number;
  /** Dataset epochs; default 1 (fitDataset re-iterates it every epoch, with fresh transforms). */
  epochs?: number;
}

/** Keras-style random augmentation: sample parameters, apply them, stream batches. */
export class ImageDataGenerator {
  readonly rotationRange: number;
  readonly widthShiftRange: number | number[];
  readonly heightShiftRange: number | number[];
  readonly zoomRange: [number, number];
  readonly shearRange: number;
  readonly horizontalFlip: boolean;
  readonly verticalFlip: boolean;
  readonly fillMode: FillMode;
  readonly cval: number;
  readonly interpolation: Interpolation;
  readonly seed: number;
  private readonly rng: SeededRandom;

  constructor(options: ImageDataGeneratorOptions = {}) {
    this.rotationRange = checkRange("rotationRange", options.rotationRange ?? 0);
    this.widthShiftRange = checkShiftRange("widthShiftRange", options.widthShiftRange ?? 0);
    this.heightShiftRange = checkShiftRange("heightShiftRange", options.heightShiftRange ?? 0);
    this.shearRange = checkRange("shearRange", options.shearRange ?? 0);
    const zoom = options.zoomRange ?? 0;
    if (Array.isArray(zoom)) {
      if (zoom.length !== 2 || !zoom.every((z) => typeof z === "number" && Number.isFinite(z) && z > 0) || zoom[0] > zoom[1]) {
        throw new InvalidArgumentError("zoomRange", "a number in [0, 1) or [lower, upper] with 0 < lower ≤ upper", JSON.stringify(zoom));
      }
      this.zoomRange = [zoom[0], zoom[1]];
    } else {
      const z = checkRange("zoomRange", zoom);
      if (z >= 1) throw new InvalidArgumentError("zoomRange", "a number in [0, 1) (zoom factors must stay positive)", String(z));
      this.zoomRange = [1 - z, 1 + z];
    }
    this.horizontalFlip = Boolean(options.horizontalFlip);
    this.verticalFlip = Boolean(options.verticalFlip);
    const resample = checkResample(options);
    this.fillMode = resample.fillMode;
    this.cval = resample.cval;
    this.interpolation = resample.interpolation;
    this.seed = options.seed ?? 0;
    this.rng = new SeededRandom(this.seed);
  }

  private shift(range: number | number[], size: number, rng: SeededRandom): number {
    if (Array.isArray(range)) {
      const v = range[rng.int(range.length)] * (rng.random() < 0.5 ? -1 : 1);
      return Math.max(...range) < 1 ? v * size : v;
    }
    if (range === 0) return 0;
    const v = rng.uniform(-range, range);
    return range < 1 ? v * size : v;
  }

  /** Random parameters for one h×w image, drawn in Keras's order from this generator's PRNG. */
  randomTransformParams(h = 28, w = 28, rng: SeededRandom = this.rng): TransformParams {
    const theta = this.rotationRange ? rng.uniform(-this.rotationRange, this.rotationRange) : 0;
    const tx = this.shift(this.heightShiftRange, h, rng);
    const ty = this.shift(this.widthShiftRange, w, rng);
    const shear = this.shearRange ? rng.uniform(-this.shearRange, this.shearRange) : 0;
    const [zLo, zHi] = this.zoomRange;
    let zx = 1, zy = 1;
    if (!(zLo === 1 && zHi === 1)) {
      zx = rng.uniform(zLo, zHi);
      zy = rng.uniform(zLo, zHi);
    }
    const flipHorizontal = rng.random() < 0.5 && this.horizontalFlip;
    const flipVertical = rng.random() < 0.5 && this.verticalFlip;
    return { theta, tx, ty, shear, zx, zy, flipHorizontal, flipVertical };
  }

  /** Applies `params` with this generator's fill mode, cval and interpolation. */
  applyTransform(images: Images<PixelArray>, params: TransformParams | TransformParams[]): Images<Float32Array> {
    return applyTransform(images, params, { fillMode: this.fillMode, cval: this.cval, interpolation: this.interpolation });
  }

  /** Fresh random parameters for every image, applied; returns the images and the parameters. */
  randomTransform(images: Images<PixelArray>, rng: SeededRandom = this.rng): { images: Images<Float32Array>; params: TransformParams[] } {
    assertImages(images);
    const params = Array.from({ length: images.n }, () => this.randomTransformParams(images.h, images.w, rng));
    return { images: this.applyTransform(images, params), params };
  }

  /**
   * Batches of augmented images and their labels, with a fresh order (if `shuffle`) and fresh
   * transforms every epoch — Keras's `flow`. Runs `epochs` epochs (default: until the caller stops).
   */
  async *flow(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions = {}): AsyncGenerator<AugmentedBatch> {
    yield* this.batches(images, labels, options);
  }

  /** The synchronous form of `flow`. */
  *batches(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions = {}): Generator<AugmentedBatch> {
    const { batchSize, shuffle, epochs, rng } = this.checkFlow(images, labels, options);
    const { n, h, w } = images;
    const size = h * w;
    const mode = MODE_CODE[this.fillMode], order = this.interpolation === "bilinear" ? 1 : 0;
    const boxes = mode === MODE_NEAREST || (mode === MODE_CONSTANT && this.cval === 0) ? cachedInkBoxes(images) : null;
    const kernel = order === 1 && images.data instanceof Uint8Array ? bilinearKernel() : null;
    const order_ = new Uint32Array(n);
    let reused: Float32Array | undefined;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = 0; i < n; i++) order_[i] = i;
      if (shuffle) rng.shuffle(order_);
      for (let start = 0, batch = 0; start < n; start += batchSize, batch++) {
        const count = Math.min(batchSize, n - start);
        const pick = order_.subarray(start, start + count);
        const pickedLabels = new Uint8Array(count);
        const params = new Array<TransformParams>(count);
        for (let k = 0; k < count; k++) {
          pickedLabels[k] = labels[pick[k]];
          params[k] = this.randomTransformParams(h, w, rng);
        }
        const out = options.reuseBuffers ? (reused ??= new Float32Array(batchSize * size)).subarray(0, count * size) : new Float32Array(count * size);
        transformInto(images.data, pick, out, count, h, w, params, mode, this.cval, order, boxes, kernel, !options.reuseBuffers);
        yield { images: { data: out, n: count, h, w }, labels: pickedLabels, params, epoch, batch };
      }
    }
  }

  /**
   * A `tf.data.Dataset` of `{xs: [b, h, w, 1] float32, ys}` for `model.fitDataset`; each time
   * fitDataset iterates it (every epoch) it draws a new order and new transforms. Labels are
   * `[b, 1]` float32 class indices for `sparseCategoricalCrossentropy` (tfjs-layers 4.22 expects
   * sparse targets shaped like the output with last dimension 1), or `[b, classes]` one-hot.
   */
  dataset(images: Images<PixelArray>, labels: Uint8Array, options: DatasetOptions = {}): tf.data.Dataset<{ xs: tf.Tensor4D; ys: tf.Tensor2D }> {
    const labelFormat = options.labelFormat ?? "sparse";
    if (labelFormat !== "sparse" && labelFormat !== "oneHot") throw new InvalidArgumentError("labelFormat", '"sparse" | "oneHot"', JSON.stringify(labelFormat));
    const classes = options.classes ?? 10;
    if (!Number.isInteger(classes) || classes < 2) throw new InvalidArgumentError("classes", "an integer ≥ 2", String(classes));
    const flowOptions = { ...options, epochs: options.epochs ?? 1 };
    const checked = this.checkFlow(images, labels, flowOptions);
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] >= classes) throw new DatasetError("labels", `classes 0–${classes - 1}`, `label ${labels[i]} at index ${i}`);
    }
    // Each iteration of the dataset gets its own child seed, so epochs differ yet runs repeat.
    const seeds = new SeededRandom(checked.seed);
    const { h, w } = images;
    const generator = this;
    return tf.data.generator(function* () {
      const seed = seeds.nextUint32();
      for (const batch of generator.batches(images, labels, { ...flowOptions, seed, reuseBuffers: true })) {
        const b = batch.labels.length;
        const xs = tf.tensor4d(batch.images.data, [b, h, w, 1], "float32");
        let ys: tf.Tensor2D;
        if (labelFormat === "sparse") {
          ys = tf.tensor2d(Float32Array.from(batch.labels), [b, 1], "float32");
        } else {
          const hot = new Float32Array(b * classes);
          for (let k = 0; k < b; k++) hot[k * classes + batch.labels[k]] = 1;
          ys = tf.tensor2d(hot, [b, classes], "float32");
        }
        yield { xs, ys };
      }
    }) as unknown as tf.data.Dataset<{ xs: tf.Tensor4D; ys: tf.Tensor2D }>;
  }

  private checkFlow(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions) {
    assertImages(images);
    if (!(labels instanceof Uint8Array)) throw new DatasetError("labels", "a Uint8Array", Object.prototype.toString.call(labels));
    if (labels.length !== images.n) throw new DatasetError("labels", `${images.n} labels, one per image`, `${labels.length}`);
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError("batchSize", "a positive integer", String(batchSize));
    const epochs = options.epochs ?? Infinity;
    if (!(epochs === Infinity || (Number.isInteger(epochs) && epochs >= 0))) throw new InvalidArgumentError("epochs", "a non-negative integer or Infinity", String(epochs));
    const seed = options.seed ?? this.rng.nextUint32();
    return { batchSize, shuffle: options.shuffle ?? true, epochs, seed, rng: new SeededRandom(seed) };
  }
}
