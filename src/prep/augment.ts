/**
 * Augmentation (article §3.4): Keras's `ImageDataGenerator`, batched over flat typed arrays.
 *
 * By default this reproduces the `ImageDataGenerator` the article's code runs today —
 * `tf.keras.preprocessing.image` in TensorFlow 2.21, i.e. Keras 3's legacy module, which equals
 * tf-keras 2.21 and keras-preprocessing master: one matrix per image (rotation · shift · shear ·
 * zoom about (h/2 − 0.5, w/2 − 0.5)) whose two axes Keras then swaps (`M' = PMP`), so `tx`, drawn
 * from `heightShiftRange`, moves the image sideways. It is resampled once like
 * `scipy.ndimage.affine_transform(order=1 | 0, mode=fillMode, cval)` with scipy's border rules.
 * Proven against the real library by test/fixtures/augment-keras.json.gz
 * (scripts/make-fixtures-augment.py). Random parameters come from the generator's own seeded PRNG
 * (xoshiro128**), drawn in Keras's order; the stream is *not* numpy's, so the same seed does not
 * give Keras's numbers — only the same distributions.
 */
import * as tf from "@tensorflow/tfjs";
import { assertImages } from "./clean";
import { DatasetError, InvalidArgumentError, UnsupportedOptionError } from "../errors";
import type { Images, PixelArray } from "../types";
import { reflectIndex } from "./reflect";
import { SeededRandom } from "../random";
import { BilinearKernel, RECORD_BYTES, WORK_BYTES, bilinearKernel } from "../wasm/augment-simd";

export { augmentSimdActive, setAugmentSimd } from "../wasm/augment-simd";

/** How points outside the input are filled (scipy.ndimage modes, as Keras passes them). */
export type FillMode = "constant" | "nearest" | "reflect" | "wrap";
/** Resampling: bilinear (scipy order 1, Keras's default) or nearest neighbour (order 0). */
export type Interpolation = "bilinear" | "nearest";
/**
 * Which Keras's geometry: "tf-keras" (default) — tf-keras, Keras 3's `keras.legacy`,
 * keras-preprocessing master, i.e. `tf.keras` in any current TensorFlow — or
 * "keras-preprocessing-1.1.2" (TF ≤ 2.8): no axis swap, centre (h/2 + 0.5, w/2 + 0.5).
 */
export type KerasFlavor = "tf-keras" | "keras-preprocessing-1.1.2";

const FILL_MODES: readonly FillMode[] = ["constant", "nearest", "reflect", "wrap"];
const INTERPOLATIONS: readonly Interpolation[] = ["bilinear", "nearest"];
const FLAVORS: readonly KerasFlavor[] = ["tf-keras", "keras-preprocessing-1.1.2"];
const FLAVOR_TF_KERAS = 0, FLAVOR_KP112 = 1;
const FLAVOR_CODE: Record<KerasFlavor, number> = { "tf-keras": FLAVOR_TF_KERAS, "keras-preprocessing-1.1.2": FLAVOR_KP112 };

/** Parameters of one transform, with Keras's names and meanings (`get_random_transform`). */
export interface TransformParams {
  /** Rotation in degrees. */
  theta: number;
  /**
   * Keras's `tx`, drawn from `heightShiftRange` (× height for fractions). Because Keras swaps its
   * matrix's axes, a positive `tx` moves the content *left* (it samples column c + tx).
   */
  tx: number;
  /** Keras's `ty`, drawn from `widthShiftRange`; moves the content *up* (it samples row r + ty). */
  ty: number;
  /** Shear angle in degrees. */
  shear: number;
  /** Keras's `zx` (after the swap it scales columns). */
  zx: number;
  /** Keras's `zy` (after the swap it scales rows). */
  zy: number;
  /** Mirror columns after the affine step. */
  flipHorizontal: boolean;
  /** Mirror rows after the affine step. */
  flipVertical: boolean;
  /** Added to every pixel, then clipped to the image's own [min, max] (Keras's channel shift); absent: none. */
  channelShiftIntensity?: number;
  /** Keras's brightness factor, applied last as PIL's `ImageEnhance.Brightness` on a uint8 copy; absent: none. */
  brightness?: number;
}

/** Resampling options of `applyTransform`. */
export interface ResampleOptions {
  /** Default "nearest" (Keras's default). */
  fillMode?: FillMode;
  /** Fill value for "constant"; default 0. */
  cval?: number;
  /** Default "bilinear". Same as `interpolationOrder` 1 / 0. */
  interpolation?: Interpolation;
  /** Keras's `interpolation_order`: 1 (default, bilinear) or 0 (nearest); orders 2–5 are rejected. */
  interpolationOrder?: number;
  /** Which Keras's geometry to reproduce; default "tf-keras". */
  keras?: KerasFlavor;
}

/** The image a `preprocessingFunction` receives: one h×w image, float32, after augmentation. */
export type PreprocessingFunction = (image: Float32Array, h: number, w: number) => Float32Array;

/**
 * Options of `ImageDataGenerator`: Keras's arguments in camelCase (`width_shift_range` →
 * `widthShiftRange`), same meanings. Unknown names are an error listing the valid ones.
 */
export interface ImageDataGeneratorOptions extends ResampleOptions {
  /** Subtract the mean pixel of the data given to `fit` (forced on by `featurewiseStdNormalization`). */
  featurewiseCenter?: boolean;
  /** Subtract each image's own mean (forced on by `samplewiseStdNormalization`). */
  samplewiseCenter?: boolean;
  /** Divide by (std + 1e-6) of the data given to `fit`. */
  featurewiseStdNormalization?: boolean;
  /** Divide each image by (its std + 1e-6). */
  samplewiseStdNormalization?: boolean;
  /** Not implemented: only `false` is accepted. */
  zcaWhitening?: boolean;
  /** Only with ZCA whitening, which is not implemented: only Keras's default 1e-6 is accepted. */
  zcaEpsilon?: number;
  /** Degrees; θ ~ U(−r, r). */
  rotationRange?: number;
  /**
   * Keras's `width_shift_range`, feeding `ty`: a float < 1 is a fraction of the width, U(−r, r)·w;
   * a non-integer ≥ 1 is pixels, U(−r, r); an integer n ≥ 1 is whole pixels, uniform on
   * {−(n−1), …, n−1} as Keras's `np.random.choice(n) · ±1` (so 1 means no shift); an array: one
   * element times ±1 (fractions of the width if all are < 1).
   */
  widthShiftRange?: number | number[];
  /** The same along the height, feeding `tx`. */
  heightShiftRange?: number | number[];
  /**
   * [lower, upper]: a factor ~ U(lower, upper) applied as Keras does — through PIL on a uint8 copy, so
   * values are truncated to whole grey levels (and images in 0–1 become 0 or 1: Keras's own behaviour).
   */
  brightnessRange?: [number, number] | null;
  /** Degrees (not radians, not a fraction): `shearRange: 0.1` is a 0.1° shear. */
  shearRange?: number;
  /** z → zx, zy ~ U(1 − z, 1 + z) independently; or [lower, upper]. */
  zoomRange?: number | [number, number];
  /** Intensity ~ U(−r, r) added to every pixel, clipped to the image's [min, max]. */
  channelShiftRange?: number;
  horizontalFlip?: boolean;
  verticalFlip?: boolean;
  /** Multiply by this after augmentation (and in `fit`); null/0: none. */
  rescale?: number | null;
  /** Called on each augmented image before rescaling; must return h·w values. */
  preprocessingFunction?: PreprocessingFunction | null;
  /** Accepted for Keras compatibility; one-channel images look the same either way. */
  dataFormat?: "channels_last" | "channels_first";
  /** Fraction (0, 1) held out: `flow(…, {subset: "validation"})` takes the first part. */
  validationSplit?: number;
  /** Output dtype; only "float32" (Keras's default floatx). */
  dtype?: "float32";
  /** Seed of the generator's PRNG; default 0. */
  seed?: number;
}

/** Every option `ImageDataGenerator` accepts. */
export const IMAGE_DATA_GENERATOR_OPTIONS: readonly (keyof ImageDataGeneratorOptions)[] = [
  "featurewiseCenter", "samplewiseCenter", "featurewiseStdNormalization", "samplewiseStdNormalization", "zcaWhitening", "zcaEpsilon",
  "rotationRange", "widthShiftRange", "heightShiftRange", "brightnessRange", "shearRange", "zoomRange", "channelShiftRange",
  "fillMode", "cval", "horizontalFlip", "verticalFlip", "rescale", "preprocessingFunction", "dataFormat", "validationSplit",
  "interpolationOrder", "interpolation", "dtype", "keras", "seed",
];

const RESAMPLE_OPTIONS: readonly (keyof ResampleOptions)[] = ["fillMode", "cval", "interpolation", "interpolationOrder", "keras"];

/** Throws, listing the valid names, if `options` has a key outside `valid`. */
function checkOptionNames(where: string, options: object, valid: readonly string[]): void {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(where, "an options object", String(options));
  for (const key of Object.keys(options)) {
    if (valid.includes(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const hint = camel !== key && valid.includes(camel) ? `Keras's ${key} is ${camel} here; ` : "";
    throw new InvalidArgumentError(`${where}.${key}`, `one of the known options (${hint}valid: ${valid.join(", ")})`, `unknown option "${key}"`);
  }
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
  a[0] = fma(a01, b10, a00 * b00); a[1] = fma(a01, b11, a00 * b01); a[2] = fma(a01, b12, a00 * b02) + a02;
  a[3] = fma(a11, b10, a10 * b00); a[4] = fma(a11, b11, a10 * b01); a[5] = fma(a11, b12, a10 * b02) + a12;
}

const SPLITTER = 134217729; // 2^27 + 1, Dekker's split

/**
 * a·b + c rounded once (a fused multiply-add), from error-free transformations (Dekker's product,
 * Knuth's sum). numpy's `np.dot` of 3×3 float64 matrices runs OpenBLAS's FMA kernels on x86-64,
 * so Keras's matrix entries are FMA chains; plain products and sums differ in the last bit, which
 * flips order-0 picks at exact .5 ties (a 45° turn has them).
 */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ca = SPLITTER * a, ah = ca - (ca - a), al = a - ah;
  const cb = SPLITTER * b, bh = cb - (cb - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl; // a·b = p + e exactly
  if (e === 0 || !Number.isFinite(e)) return p + c;
  const sum = p + c, bp = sum - p, t = (p - (sum - bp)) + (c - bp); // p + c = sum + t exactly
  return sum + (t + e);
}

/**
 * Writes into `out` the 2×3 matrix [m00, m01, o0, m10, m11, o1] mapping an output pixel (row, col)
 * to the input point it samples, composed like Keras's `apply_affine_transform` (rotation · shift ·
 * shear · zoom, then centred; for tf-keras then its axes swapped, `M' = PMP`); returns false for the
 * identity (Keras then leaves the image untouched). Products are numpy's: FMA chains in its term order.
 */
function composeMatrix(params: TransformParams, h: number, w: number, out: Float64Array, flavor: number): boolean {
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
  const centre = flavor === FLAVOR_KP112 ? 0.5 : -0.5;
  const ox = h / 2 + centre, oy = w / 2 + centre;
  const b02 = a02 + ox, b12 = a12 + oy; // offset · A: only the last column changes
  const c02 = fma(a01, -oy, a00 * -ox) + b02, c12 = fma(a11, -oy, a10 * -ox) + b12;
  if (flavor === FLAVOR_KP112) {
    out[0] = a00; out[1] = a01; out[2] = c02;
    out[3] = a10; out[4] = a11; out[5] = c12;
    return true;
  }
  // tf-keras / Keras 3: M' = P·M·P, P swapping the two axes (its "x, y" order vs numpy's (row, col)).
  out[0] = a11; out[1] = a10; out[2] = c12;
  out[3] = a01; out[4] = a00; out[5] = c02;
  return true;
}

/**
 * The 2×3 matrix [m00, m01, o0, m10, m11, o1] that maps an output pixel (row, col) to the input
 * point it samples, as `flavor`'s Keras composes it (default tf-keras, axes swapped); null for the identity.
 */
export function transformMatrix(params: TransformParams, h: number, w: number, flavor: KerasFlavor = "tf-keras"): Float64Array | null {
  checkParams(params, "params");
  const out = new Float64Array(6);
  return composeMatrix(params, h, w, out, FLAVOR_CODE[checkFlavor(flavor)]) ? out : null;
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

interface Resample {
  fillMode: FillMode;
  cval: number;
  interpolation: Interpolation;
  keras: KerasFlavor;
}

function checkFlavor(flavor: unknown): KerasFlavor {
  if (!FLAVORS.includes(flavor as KerasFlavor)) throw new InvalidArgumentError("keras", FLAVORS.map((m) => `"${m}"`).join(" | "), JSON.stringify(flavor));
  return flavor as KerasFlavor;
}

function checkResample(options: ResampleOptions): Resample {
  const fillMode = options.fillMode ?? "nearest";
  const cval = options.cval ?? 0;
  if (!FILL_MODES.includes(fillMode)) throw new InvalidArgumentError("fillMode", FILL_MODES.map((m) => `"${m}"`).join(" | "), JSON.stringify(fillMode));
  if (typeof cval !== "number" || !Number.isFinite(cval)) throw new InvalidArgumentError("cval", "a finite number", JSON.stringify(cval));
  let interpolation = options.interpolation;
  if (interpolation !== undefined && !INTERPOLATIONS.includes(interpolation)) throw new InvalidArgumentError("interpolation", INTERPOLATIONS.map((m) => `"${m}"`).join(" | "), JSON.stringify(interpolation));
  const order = options.interpolationOrder;
  if (order !== undefined) {
    if (order !== 0 && order !== 1) {
      const Err = Number.isInteger(order) && order >= 2 && order <= 5 ? UnsupportedOptionError : InvalidArgumentError;
      throw new Err("interpolationOrder", "0 (nearest) or 1 (bilinear); scipy's spline orders 2–5 are not implemented", JSON.stringify(order));
    }
    const fromOrder: Interpolation = order === 1 ? "bilinear" : "nearest";
    if (interpolation !== undefined && interpolation !== fromOrder) throw new InvalidArgumentError("interpolation", `"${fromOrder}" to agree with interpolationOrder ${order}`, JSON.stringify(interpolation));
    interpolation = fromOrder;
  }
  return { fillMode, cval, interpolation: interpolation ?? "bilinear", keras: checkFlavor(options.keras ?? "tf-keras") };
}

function checkParams(p: TransformParams, index: number | "params"): void {
  if (p && Number.isFinite(p.theta) && Number.isFinite(p.tx) && Number.isFinite(p.ty) && Number.isFinite(p.shear) && Number.isFinite(p.zx) && Number.isFinite(p.zy) && (p.channelShiftIntensity === undefined || Number.isFinite(p.channelShiftIntensity)) && (p.brightness === undefined || Number.isFinite(p.brightness))) return;
  const where = index === "params" ? index : `params[${index}]`;
  if (!p || typeof p !== "object") throw new InvalidArgumentError(where, "transform parameters {theta, tx, ty, shear, zx, zy, …}", String(p));
  for (const key of ["theta", "tx", "ty", "shear", "zx", "zy", "channelShiftIntensity", "brightness"] as const) {
    if ((key === "channelShiftIntensity" || key === "brightness") && p[key] === undefined) continue;
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

/** scipy's `map_coordinate` for 'reflect' (about the pixel edges −0.5 and len − 0.5), as its order-0 path applies it. */
function reflectCoordinate(x: number, len: number): number {
  if (len <= 1) return x < 0 || x > len - 1 ? 0 : x;
  const period = 2 * len;
  if (x < 0) {
    if (x < -period) x = period * Math.trunc(-x / period) + x;
    return x < -len ? x + period : -x - 1;
  }
  if (x > len - 1) {
    x -= period * Math.trunc(x / period);
    if (x >= len) x = period - x - 1;
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
    if (mode === MODE_REFLECT) {
      // scipy reflects the coordinate, then rounds (an exact .5 outside the image rounds after reflecting).
      ir = reflectCoordinate(ir, h);
      ic = reflectCoordinate(ic, w);
    }
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
    // scipy's order of sums, (o0 + r·m00) + c·m01: at the borders ~1e-16 decides inside or outside.
    dst[out + c] = samplePixel(src, srcBase, h, w, (rowR + o0) + c * m01, (rowC + o1) + c * m11, mode, cval, order);
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
    colR[c] = c * m01;
    colC[c] = c * m11;
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
          const ir = a + colR[first], ic = b + colC[first];
          if (ir >= 0 && ir < hm1 && ic >= 0 && ic < wm1) break;
          first++;
        }
        while (last >= first) {
          const ir = a + colR[last], ic = b + colC[last];
          if (ir >= 0 && ir < hm1 && ic >= 0 && ic < wm1) break;
          last--;
        }
      }
      for (let c = first; c <= last; c++) {
        const ir = a + colR[c], ic = b + colC[c];
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
function transformInto(src: PixelArray, pick: Uint32Array | null, dst: Float32Array, count: number, h: number, w: number, params: TransformParams | TransformParams[], mode: number, cval: number, order: number, flavor: number, boxes: Int16Array | null, kernel: BilinearKernel | null, dstZeroed: boolean): void {
  const size = h * w;
  if (count === 0 || size === 0) return;
  if (kernel !== null && order === 1 && src instanceof Uint8Array) {
    const perImage = RECORD_BYTES + h * WORK_BYTES + size * 4 + size;
    const chunk = Math.max(1, Math.min(count, Math.floor(KERNEL_CHUNK_BYTES / perImage)));
    kernel.reserve(chunk, h, w);
    for (let start = 0; start < count; start += chunk) {
      transformChunkSimd(kernel, src, pick, dst, start, Math.min(chunk, count - start), h, w, params, mode, cval, flavor, boxes);
    }
    return;
  }
  if (!dstZeroed) dst.fill(0, 0, count * size);
  const colR = new Float64Array(w), colC = new Float64Array(w);
  const m = new Float64Array(6), sourceWindow = new Float64Array(4);
  const shared = Array.isArray(params) ? null : params;
  const sharedIdentity = shared !== null && !composeMatrix(shared, h, w, m, flavor);
  for (let k = 0; k < count; k++) {
    const i = pick === null ? k : pick[k];
    const p = shared ?? (params as TransformParams[])[k];
    const identity = shared !== null ? sharedIdentity : !composeMatrix(p, h, w, m, flavor);
    if (identity) for (let q = 0, from = i * size, to = k * size; q < size; q++) dst[to + q] = src[from + q];
    else resampleImage(src, i * size, dst, k * size, h, w, m, mode, cval, order, colR, colC, boxes, i * 4, sourceWindow);
    if (p.flipHorizontal || p.flipVertical || p.channelShiftIntensity !== undefined || p.brightness !== undefined) finishImage(dst, k * size, h, w, p);
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
function transformChunkSimd(kernel: BilinearKernel, src: Uint8Array, pick: Uint32Array | null, dst: Float32Array, start: number, count: number, h: number, w: number, params: TransformParams | TransformParams[], mode: number, cval: number, flavor: number, boxes: Int16Array | null): void {
  const size = h * w;
  const { f64, i32, f32, bytes } = kernel;
  const shared = Array.isArray(params) ? null : params;
  const m = chunkMatrix;
  const sharedIdentity = shared !== null && !composeMatrix(shared, h, w, m, flavor);
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
    if (shared !== null ? sharedIdentity : !composeMatrix(p, h, w, m, flavor)) {
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
    if (p.flipHorizontal || p.flipVertical || p.channelShiftIntensity !== undefined || p.brightness !== undefined) finishImage(dst, base, h, w, p);
  }
}

/** What Keras's `apply_transform` does after the affine step: channel shift, flips, then brightness. */
function finishImage(dst: Float32Array, base: number, h: number, w: number, p: TransformParams): void {
  if (p.channelShiftIntensity !== undefined) channelShiftInPlace(dst, base, h * w, p.channelShiftIntensity);
  if (p.flipHorizontal || p.flipVertical) flipInPlace(dst, base, h, w, p.flipHorizontal, p.flipVertical);
  if (p.brightness !== undefined) brightnessInPlace(dst, base, h * w, p.brightness);
}

/**
 * Keras's `apply_brightness_shift(x, brightness, scale=False)` on one channel: images outside
 * [0, 255] are first scaled to it (and back afterwards); the values become a uint8 PIL image (cast:
 * truncation), PIL's `ImageEnhance.Brightness` blends with black in float32 (truncating; clipping to
 * 0–255 when the factor is above 1), and the result comes back as float32.
 */
function brightnessInPlace(dst: Float32Array, base: number, size: number, brightness: number): void {
  const f = Math.fround;
  let lo = Infinity, hi = -Infinity;
  for (let q = base; q < base + size; q++) {
    const v = dst[q];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = lo < 0 || hi > 255;
  const alpha = f(brightness);
  let span = 0;
  if (scale) {
    for (let q = base; q < base + size; q++) { const v = f(dst[q] - lo); if (v > span) span = v; }
  }
  for (let q = base; q < base + size; q++) {
    let v = dst[q];
    if (scale) {
      v = f(v - lo);
      if (span !== 0) v = f(v / span);
      v = f(v * 255);
    }
    const byte = Math.trunc(v) & 255; // numpy's astype("uint8")
    const blended = f(alpha * byte);
    const out = alpha >= 0 && alpha <= 1 ? Math.trunc(blended) & 255 : blended <= 0 ? 0 : blended >= 255 ? 255 : Math.trunc(blended);
    dst[q] = scale ? f(f(f(out / 255) * f(hi - lo)) + lo) : out;
  }
}

/** Keras's `apply_channel_shift` on one channel: clip(x + intensity, min(x), max(x)), in float32. */
function channelShiftInPlace(dst: Float32Array, base: number, size: number, intensity: number): void {
  let lo = Infinity, hi = -Infinity;
  for (let q = base; q < base + size; q++) {
    const v = dst[q];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (let q = base; q < base + size; q++) {
    const v = Math.fround(dst[q] + intensity);
    dst[q] = v < lo ? lo : v > hi ? hi : v;
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
  checkOptionNames("options", options, RESAMPLE_OPTIONS);
  const { fillMode, cval, interpolation, keras } = checkResample(options);
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
  transformInto(data, null, out, n, h, w, params, mode, cval, order, FLAVOR_CODE[keras], boxes, kernel, true);
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
  /** Keras's `subset`: "validation" (the first ⌊n · validationSplit⌋ images) or "training" (the rest). */
  subset?: "training" | "validation";
  /** Skip Keras's check that both parts hold the same classes. */
  ignoreClassSplit?: boolean;
  /**
   * Reuse one output buffer: each batch's `images.data` is overwritten by the next batch (saves
   * allocating and first-touching fresh memory; `dataset` does this since tensors copy). Default false.
   */
  reuseBuffers?: boolean;
}

const FLOW_OPTIONS: readonly string[] = ["batchSize", "shuffle", "seed", "epochs", "reuseBuffers", "subset", "ignoreClassSplit", "labelFormat", "classes"];

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
  readonly featurewiseCenter: boolean;
  readonly samplewiseCenter: boolean;
  readonly featurewiseStdNormalization: boolean;
  readonly samplewiseStdNormalization: boolean;
  readonly rotationRange: number;
  readonly widthShiftRange: number | number[];
  readonly heightShiftRange: number | number[];
  readonly zoomRange: [number, number];
  readonly shearRange: number;
  readonly channelShiftRange: number;
  readonly brightnessRange: [number, number] | null;
  readonly horizontalFlip: boolean;
  readonly verticalFlip: boolean;
  readonly fillMode: FillMode;
  readonly cval: number;
  readonly interpolation: Interpolation;
  readonly keras: KerasFlavor;
  readonly rescale: number | null;
  readonly preprocessingFunction: PreprocessingFunction | null;
  readonly validationSplit: number;
  readonly seed: number;
  /** Set by `fit` when featurewise centring is on (Keras's `mean`); null before. */
  mean: number | null = null;
  /** Set by `fit` when featurewise std normalisation is on (Keras's `std`); null before. */
  std: number | null = null;
  private readonly rng: SeededRandom;

  constructor(options: ImageDataGeneratorOptions = {}) {
    checkOptionNames("ImageDataGenerator options", options, IMAGE_DATA_GENERATOR_OPTIONS);
    const flag = (name: keyof ImageDataGeneratorOptions): boolean => {
      const v = options[name] ?? false;
      if (typeof v !== "boolean") throw new InvalidArgumentError(name, "true or false", JSON.stringify(v));
      return v;
    };
    if (flag("zcaWhitening")) throw new UnsupportedOptionError("zcaWhitening", "false (ZCA whitening is not implemented here; Keras fits it with an SVD of the whole data set)", "true");
    if (options.zcaEpsilon !== undefined && options.zcaEpsilon !== 1e-6) throw new UnsupportedOptionError("zcaEpsilon", "Keras's default 1e-6 or no value (it only matters for zcaWhitening, which is not implemented)", JSON.stringify(options.zcaEpsilon));
    const brightness = options.brightnessRange ?? null;
    if (brightness !== null && !(Array.isArray(brightness) && brightness.length === 2 && brightness.every((b) => typeof b === "number" && Number.isFinite(b)))) {
      throw new InvalidArgumentError("brightnessRange", "[lower, upper], two finite numbers (or null)", JSON.stringify(brightness));
    }
    this.brightnessRange = brightness === null ? null : [brightness[0], brightness[1]];
    // Keras turns centring on when std normalisation asks for it.
    this.featurewiseStdNormalization = flag("featurewiseStdNormalization");
    this.samplewiseStdNormalization = flag("samplewiseStdNormalization");
    this.featurewiseCenter = flag("featurewiseCenter") || this.featurewiseStdNormalization;
    this.samplewiseCenter = flag("samplewiseCenter") || this.samplewiseStdNormalization;
    this.rotationRange = checkRange("rotationRange", options.rotationRange ?? 0);
    this.widthShiftRange = checkShiftRange("widthShiftRange", options.widthShiftRange ?? 0);
    this.heightShiftRange = checkShiftRange("heightShiftRange", options.heightShiftRange ?? 0);
    this.shearRange = checkRange("shearRange", options.shearRange ?? 0);
    this.channelShiftRange = checkRange("channelShiftRange", options.channelShiftRange ?? 0);
    const zoom = options.zoomRange ?? 0;
    if (Array.isArray(zoom)) {
      if (zoom.length !== 2 || !zoom.every((z) => typeof z === "number" && Number.isFinite(z))) {
        throw new InvalidArgumentError("zoomRange", "a number or [lower, upper] of two finite numbers", JSON.stringify(zoom));
      }
      this.zoomRange = [zoom[0], zoom[1]];
    } else {
      const z = checkRange("zoomRange", zoom);
      this.zoomRange = [1 - z, 1 + z];
    }
    this.horizontalFlip = flag("horizontalFlip");
    this.verticalFlip = flag("verticalFlip");
    const resample = checkResample(options);
    this.fillMode = resample.fillMode;
    this.cval = resample.cval;
    this.interpolation = resample.interpolation;
    this.keras = resample.keras;
    const rescale = options.rescale ?? null;
    if (rescale !== null && (typeof rescale !== "number" || !Number.isFinite(rescale))) throw new InvalidArgumentError("rescale", "a finite number or null", JSON.stringify(rescale));
    this.rescale = rescale === 0 ? null : rescale;
    const pre = options.preprocessingFunction ?? null;
    if (pre !== null && typeof pre !== "function") throw new InvalidArgumentError("preprocessingFunction", "a function (image, h, w) => Float32Array, or null", typeof pre);
    this.preprocessingFunction = pre;
    const dataFormat = options.dataFormat ?? "channels_last";
    if (dataFormat !== "channels_last" && dataFormat !== "channels_first") throw new InvalidArgumentError("dataFormat", '"channels_last" | "channels_first"', JSON.stringify(dataFormat));
    const split = options.validationSplit ?? 0;
    if (typeof split !== "number" || !(split === 0 || (split > 0 && split < 1))) throw new InvalidArgumentError("validationSplit", "a number strictly between 0 and 1 (or 0: none)", JSON.stringify(split));
    this.validationSplit = split;
    const dtype = options.dtype ?? "float32";
    if (dtype !== "float32") throw new UnsupportedOptionError("dtype", '"float32" (outputs are Float32Array)', JSON.stringify(dtype));
    this.seed = options.seed ?? 0;
    this.rng = new SeededRandom(this.seed);
  }

  /** Keras's shift draw for `tx` / `ty` (see `widthShiftRange`); `size` is the image's height / width. */
  private shift(range: number | number[], size: number, rng: SeededRandom): number {
    if (Array.isArray(range)) {
      if (range.length === 0) return 0;
      const v = range[rng.int(range.length)] * (rng.random() < 0.5 ? -1 : 1);
      return Math.max(...range) < 1 ? v * size : v;
    }
    if (range === 0) return 0;
    // np.random.choice(n) for an integer n: whole pixels 0..n−1, times ±1.
    if (Number.isInteger(range)) return rng.int(range) * (rng.random() < 0.5 ? -1 : 1);
    const v = rng.uniform(-range, range);
    return range < 1 ? v * size : v;
  }

  /** Random parameters for one h×w image, drawn as Keras's `get_random_transform` draws them (its order, this generator's PRNG). */
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
    const params: TransformParams = { theta, tx, ty, shear, zx, zy, flipHorizontal, flipVertical };
    if (this.channelShiftRange !== 0) params.channelShiftIntensity = rng.uniform(-this.channelShiftRange, this.channelShiftRange);
    if (this.brightnessRange !== null) params.brightness = rng.uniform(this.brightnessRange[0], this.brightnessRange[1]);
    return params;
  }

  /** Whether `standardize` changes anything (so `flow` can skip it). */
  private get standardizes(): boolean {
    return this.preprocessingFunction !== null || this.rescale !== null || this.samplewiseCenter || this.samplewiseStdNormalization || (this.featurewiseCenter && this.mean !== null) || (this.featurewiseStdNormalization && this.std !== null);
  }

  /**
   * Keras's `standardize`, in place on each image of `images` (float32): preprocessingFunction,
   * rescale, samplewise centre / std, featurewise centre / std (with the statistics from `fit`;
   * before `fit` those two steps are skipped, as Keras skips them with a warning). Returns `images`.
   */
  standardize(images: Images<Float32Array>): Images<Float32Array> {
    assertImages(images);
    if (!(images.data instanceof Float32Array)) throw new InvalidArgumentError("images.data", "a Float32Array (standardize works in place)", Object.prototype.toString.call(images.data));
    const { data, n, h, w } = images;
    const size = h * w;
    const f = Math.fround;
    const rescale = this.rescale === null ? null : f(this.rescale);
    const mean = this.featurewiseCenter && this.mean !== null ? f(this.mean) : null;
    const std = this.featurewiseStdNormalization && this.std !== null ? f(f(this.std) + 1e-6) : null;
    for (let i = 0; i < n; i++) {
      const base = i * size;
      if (this.preprocessingFunction !== null) {
        const out = this.preprocessingFunction(data.slice(base, base + size), h, w);
        if (!(out instanceof Float32Array) || out.length !== size) throw new InvalidArgumentError("preprocessingFunction", `a Float32Array of ${size} values back`, out instanceof Float32Array ? `${out.length} values` : Object.prototype.toString.call(out));
        data.set(out, base);
      }
      if (rescale !== null) for (let q = base; q < base + size; q++) data[q] = f(data[q] * rescale);
      if (this.samplewiseCenter) {
        let sum = 0;
        for (let q = base; q < base + size; q++) sum += data[q];
        const m = f(sum / size);
        for (let q = base; q < base + size; q++) data[q] = f(data[q] - m);
      }
      if (this.samplewiseStdNormalization) {
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
    return images;
  }

  /**
   * Keras's `fit`: the featurewise mean and std (population, after centring) of `images` after
   * `rescale` — over `rounds` randomly transformed copies when `augment` — for `standardize`.
   * Needed only for featurewise options; ZCA is not implemented.
   */
  fit(images: Images<PixelArray>, options: { augment?: boolean; rounds?: number; seed?: number } = {}): this {
    assertImages(images);
    checkOptionNames("fit options", options, ["augment", "rounds", "seed"]);
    const rounds = options.rounds ?? 1;
    if (!Number.isInteger(rounds) || rounds < 1) throw new InvalidArgumentError("rounds", "a positive integer", JSON.stringify(rounds));
    if (images.data.length === 0) throw new DatasetError("images", "at least one pixel", "none");
    const rescale = this.rescale === null ? 1 : Math.fround(this.rescale);
    const parts: Float32Array[] = [];
    if (options.augment) {
      const rng = new SeededRandom(options.seed ?? this.rng.nextUint32());
      for (let r = 0; r < rounds; r++) parts.push(this.randomTransform({ ...images, data: Float32Array.from(images.data, (v) => Math.fround(v * rescale)) }, rng).images.data);
    } else {
      parts.push(Float32Array.from(images.data, (v) => Math.fround(v * rescale)));
    }
    let sum = 0, count = 0;
    for (const p of parts) { for (let i = 0; i < p.length; i++) sum += p[i]; count += p.length; }
    const mean = sum / count;
    if (this.featurewiseCenter) this.mean = mean;
    if (this.featurewiseStdNormalization) {
      const m = Math.fround(mean);
      let sq = 0;
      for (const p of parts) for (let i = 0; i < p.length; i++) { const c = Math.fround(p[i] - m); sq += c * c; }
      this.std = Math.sqrt(sq / count);
    }
    return this;
  }

  /** Applies `params` with this generator's fill mode, cval and interpolation. */
  applyTransform(images: Images<PixelArray>, params: TransformParams | TransformParams[]): Images<Float32Array> {
    return applyTransform(images, params, { fillMode: this.fillMode, cval: this.cval, interpolation: this.interpolation, keras: this.keras });
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
    ({ images, labels } = this.subset(images, labels, options));
    const { n, h, w } = images;
    const size = h * w;
    const mode = MODE_CODE[this.fillMode], order = this.interpolation === "bilinear" ? 1 : 0;
    const boxes = mode === MODE_NEAREST || (mode === MODE_CONSTANT && this.cval === 0) ? cachedInkBoxes(images) : null;
    const kernel = order === 1 && images.data instanceof Uint8Array ? bilinearKernel() : null;
    const flavor = FLAVOR_CODE[this.keras];
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
        transformInto(images.data, pick, out, count, h, w, params, mode, this.cval, order, flavor, boxes, kernel, !options.reuseBuffers);
        const batchImages = { data: out, n: count, h, w };
        if (this.standardizes) this.standardize(batchImages);
        yield { images: batchImages, labels: pickedLabels, params, epoch, batch };
      }
    }
  }

  /** Keras's `subset` of `flow`: "validation" is the first ⌊n · validationSplit⌋ images, "training" the rest. */
  private subset(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions): { images: Images<PixelArray>; labels: Uint8Array } {
    const subset = options.subset;
    if (subset === undefined || subset === null) return { images, labels };
    if (subset !== "training" && subset !== "validation") throw new InvalidArgumentError("subset", '"training" | "validation"', JSON.stringify(subset));
    const split = Math.trunc(images.n * this.validationSplit);
    if (!options.ignoreClassSplit) {
      const classes = (a: Uint8Array) => [...new Set(a)].sort((x, y) => x - y).join(",");
      const head = classes(labels.subarray(0, split)), tail = classes(labels.subarray(split));
      if (head !== tail) throw new DatasetError("labels", `the same classes in the validation part (first ${split}) and the training part (as Keras checks; shuffle sorted data, or pass ignoreClassSplit)`, `{${head}} vs {${tail}}`);
    }
    const [lo, hi] = subset === "validation" ? [0, split] : [split, images.n];
    const size = images.h * images.w;
    return { images: { data: images.data.subarray(lo * size, hi * size), n: hi - lo, h: images.h, w: images.w }, labels: labels.subarray(lo, hi) };
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
    checkOptionNames("flow options", options, FLOW_OPTIONS);
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
