/**
 * Transforming whole batches: each image's matrix composed, resampled and finished (flips,
 * channel shift, brightness) as Keras's `apply_transform` does. `applyTransform` is the public,
 * checked entry point; the generator, whose options are checked once on construction, calls
 * `transformImages` and `transformInto` directly.
 */
import { assertImages } from "../assert-images";
import { InvalidArgumentError } from "../../errors";
import type { Images, PixelArray } from "../../types";
import { composeMatrix } from "./matrix";
import { checkOptionNames, checkParams, checkResample, FLAVOR_CODE, MODE_CODE, MODE_CONSTANT, MODE_NEAREST, RESAMPLE_OPTIONS, type Resample, type ResampleOptions, type TransformParams } from "./options";
import { finishImage } from "./pixel-ops";
import { inkBoxes, resampleImage } from "./resample";

/** Checked resampling options as the resampler takes them: fill mode, interpolation order and Keras flavour as codes. */
export interface ResampleSettings {
  mode: number;
  cval: number;
  /** 1 (bilinear) or 0 (nearest neighbour). */
  order: number;
  flavor: number;
}

/** The resampler's codes for checked resampling options. */
export function resampleSettings(resample: Resample): ResampleSettings {
  return { mode: MODE_CODE[resample.fillMode], cval: resample.cval, order: resample.interpolation === "bilinear" ? 1 : 0, flavor: FLAVOR_CODE[resample.keras] };
}

/**
 * The images' ink boxes when the fill cannot bring ink in from outside ('nearest', or 'constant'
 * with cval 0), else null. Computed per call, never cached: the caller may change the pixels.
 */
export function inkBoxesFor(images: Images<PixelArray>, settings: ResampleSettings): Int16Array | null {
  return settings.mode === MODE_NEAREST || (settings.mode === MODE_CONSTANT && settings.cval === 0) ? inkBoxes(images) : null;
}

/**
 * Transforms images into `dst`: output image k is source image `pick[k]` (or k) under
 * `params[k]` (or the shared params); `boxes` are the source images' ink boxes. `dstZeroed`
 * says whether `dst` already holds zeros (only pixels that can be non-zero are written).
 */
export function transformInto(src: PixelArray, pick: Uint32Array | null, dst: Float32Array, count: number, h: number, w: number, params: TransformParams | TransformParams[], settings: ResampleSettings, boxes: Int16Array | null, dstZeroed: boolean): void {
  const size = h * w;
  if (count === 0 || size === 0) return;
  if (!dstZeroed) dst.fill(0, 0, count * size);
  const { mode, cval, order, flavor } = settings;
  const colR = new Float64Array(w), colC = new Float64Array(w);
  const m = new Float64Array(6), sourceWindow = new Float64Array(4), columns = new Float64Array(2);
  const shared = Array.isArray(params) ? null : params;
  const sharedIdentity = shared !== null && !composeMatrix(shared, h, w, m, flavor);
  for (let k = 0; k < count; k++) {
    const i = pick === null ? k : pick[k];
    const p = shared ?? (params as TransformParams[])[k];
    const identity = shared !== null ? sharedIdentity : !composeMatrix(p, h, w, m, flavor);
    if (identity) for (let q = 0, from = i * size, to = k * size; q < size; q++) dst[to + q] = src[from + q];
    else resampleImage(src, i * size, dst, k * size, h, w, m, mode, cval, order, colR, colC, boxes, i * 4, sourceWindow, columns);
    if (p.flipHorizontal || p.flipVertical || p.channelShiftIntensity !== undefined || p.brightness !== undefined) finishImage(dst, k * size, h, w, p);
  }
}

/** Checked images under checked parameters (one set for all, or one per image), as new float32 images. */
export function transformImages(images: Images<PixelArray>, params: TransformParams | TransformParams[], settings: ResampleSettings): Images<Float32Array> {
  const { data, n, h, w } = images;
  const out = new Float32Array(data.length);
  transformInto(data, null, out, n, h, w, params, settings, inkBoxesFor(images, settings), true);
  return { data: out, n, h, w };
}

/** Throws, naming the entry, unless `params` is one finite parameter set or `n` of them. */
export function checkParamsFor(params: TransformParams | TransformParams[], n: number): void {
  if (!Array.isArray(params)) return checkParams(params, "params");
  if (params.length !== n) throw new InvalidArgumentError("params", `${n} parameter sets, one per image`, `${params.length}`);
  for (let i = 0; i < n; i++) checkParams(params[i], i);
}

/**
 * Applies one parameter set to every image, or `params[i]` to image `i`, deterministically, as
 * Keras's `apply_transform` does (affine resampling, then flips). Returns float32 images.
 */
export function applyTransform(images: Images<PixelArray>, params: TransformParams | TransformParams[], options: ResampleOptions = {}): Images<Float32Array> {
  assertImages(images);
  checkOptionNames("options", options, RESAMPLE_OPTIONS);
  const settings = resampleSettings(checkResample(options));
  checkParamsFor(params, images.n);
  return transformImages(images, params, settings);
}
