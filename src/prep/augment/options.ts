/**
 * Augmentation's options and parameters: Keras's `ImageDataGenerator` arguments (camelCase, same
 * meanings), the parameters of one transform, and their validation (unknown names and bad values
 * are typed errors naming the option).
 */
import { InvalidArgumentError, UnsupportedOptionError } from "../../errors";

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
/** Keras flavours as integer codes for the matrix composer. */
export const FLAVOR_TF_KERAS = 0, FLAVOR_KP112 = 1;
/** Each Keras flavour's code. */
export const FLAVOR_CODE: Record<KerasFlavor, number> = { "tf-keras": FLAVOR_TF_KERAS, "keras-preprocessing-1.1.2": FLAVOR_KP112 };

/** Fill modes as integer codes for the resampler. */
export const MODE_CONSTANT = 0, MODE_NEAREST = 1, MODE_REFLECT = 2, MODE_WRAP = 3;
/** Each fill mode's code. */
export const MODE_CODE: Record<FillMode, number> = { constant: MODE_CONSTANT, nearest: MODE_NEAREST, reflect: MODE_REFLECT, wrap: MODE_WRAP };

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

/** Every option `applyTransform` accepts. */
export const RESAMPLE_OPTIONS: readonly (keyof ResampleOptions)[] = ["fillMode", "cval", "interpolation", "interpolationOrder", "keras"];

/** Throws, listing the valid names, if `options` has a key outside `valid`. */
export function checkOptionNames(where: string, options: object, valid: readonly string[]): void {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(where, "an options object", String(options));
  for (const key of Object.keys(options)) {
    if (valid.includes(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const hint = camel !== key && valid.includes(camel) ? `Keras's ${key} is ${camel} here; ` : "";
    throw new InvalidArgumentError(`${where}.${key}`, `one of the known options (${hint}valid: ${valid.join(", ")})`, `unknown option "${key}"`);
  }
}

/** A finite number ≥ 0 (a rotation, shear, zoom or channel-shift range), or an error naming `name`. */
export function checkRange(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(name, "a finite number ≥ 0", JSON.stringify(value));
  }
  return value;
}

/** A shift range: a finite number ≥ 0 or a non-empty array of finite numbers (copied). */
export function checkShiftRange(name: string, value: unknown): number | number[] {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
      throw new InvalidArgumentError(name, "a non-empty array of finite numbers", JSON.stringify(value));
    }
    return value.slice();
  }
  return checkRange(name, value);
}

/** Resampling options after validation and defaults. */
export interface Resample {
  fillMode: FillMode;
  cval: number;
  interpolation: Interpolation;
  keras: KerasFlavor;
}

/** One of the known Keras flavours, or an error. */
export function checkFlavor(flavor: unknown): KerasFlavor {
  if (!FLAVORS.includes(flavor as KerasFlavor)) throw new InvalidArgumentError("keras", FLAVORS.map((m) => `"${m}"`).join(" | "), JSON.stringify(flavor));
  return flavor as KerasFlavor;
}

/** Validates fill mode, cval, interpolation (or interpolationOrder) and flavour, with Keras's defaults. */
export function checkResample(options: ResampleOptions): Resample {
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

/** Throws, naming the field, unless `p` holds finite transform parameters. */
export function checkParams(p: TransformParams, index: number | "params"): void {
  if (p && Number.isFinite(p.theta) && Number.isFinite(p.tx) && Number.isFinite(p.ty) && Number.isFinite(p.shear) && Number.isFinite(p.zx) && Number.isFinite(p.zy) && (p.channelShiftIntensity === undefined || Number.isFinite(p.channelShiftIntensity)) && (p.brightness === undefined || Number.isFinite(p.brightness))) return;
  const where = index === "params" ? index : `params[${index}]`;
  if (!p || typeof p !== "object") throw new InvalidArgumentError(where, "transform parameters {theta, tx, ty, shear, zx, zy, …}", String(p));
  for (const key of ["theta", "tx", "ty", "shear", "zx", "zy", "channelShiftIntensity", "brightness"] as const) {
    if ((key === "channelShiftIntensity" || key === "brightness") && p[key] === undefined) continue;
    if (typeof p[key] !== "number" || !Number.isFinite(p[key])) throw new InvalidArgumentError(`${where}.${key}`, "a finite number", JSON.stringify(p[key]));
  }
}
