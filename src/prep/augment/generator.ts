/**
 * Keras's `ImageDataGenerator`, batched over flat typed arrays: options checked once, on
 * construction; random parameters drawn in Keras's order from the generator's own seeded PRNG (the
 * stream is not numpy's: same distributions, not Keras's numbers), `standardize`, `fit`, and
 * batches through `flow`, `batches`, `dataset` and `augmentBatch` (what `train` calls), which all
 * take one route to the resampler.
 */
import * as tf from "@tensorflow/tfjs";
import { assertImages } from "../assert-images";
import { DatasetError, InvalidArgumentError, UnsupportedOptionError } from "../../errors";
import { SeededRandom } from "../../random";
import type { Images, PixelArray } from "../../types";
import { checkOptionNames, checkRange, checkResample, checkShiftRange, IMAGE_DATA_GENERATOR_OPTIONS } from "./options";
import type { FillMode, ImageDataGeneratorOptions, Interpolation, KerasFlavor, PreprocessingFunction, TransformParams } from "./options";
import { checkFlow, type AugmentedBatch, type CheckedFlow, type DatasetOptions, type FlowOptions } from "./flow";
import { changesPixels, featurewiseStats, standardizeInPlace, type StandardizeSteps } from "./standardize";
import { checkParamsFor, inkBoxesFor, resampleSettings, transformImages, transformInto, type ResampleSettings } from "./transform";

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
  private readonly resampling: ResampleSettings;

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
    this.resampling = resampleSettings(resample);
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

  /** The steps `standardize` applies now (the featurewise ones only once `fit` has set their statistics). */
  private get standardizeSteps(): StandardizeSteps {
    return {
      preprocessingFunction: this.preprocessingFunction, rescale: this.rescale,
      samplewiseCenter: this.samplewiseCenter, samplewiseStdNormalization: this.samplewiseStdNormalization,
      mean: this.featurewiseCenter ? this.mean : null, std: this.featurewiseStdNormalization ? this.std : null,
    };
  }

  /**
   * Keras's `standardize`, in place on each image of `images` (float32): preprocessingFunction,
   * rescale, samplewise centre / std, featurewise centre / std (with the statistics from `fit`;
   * before `fit` those two steps are skipped, as Keras skips them with a warning). Returns `images`.
   */
  standardize(images: Images<Float32Array>): Images<Float32Array> {
    assertImages(images);
    if (!(images.data instanceof Float32Array)) throw new InvalidArgumentError("images.data", "a Float32Array (standardize works in place)", Object.prototype.toString.call(images.data));
    standardizeInPlace(images.data, images.n, images.h, images.w, this.standardizeSteps);
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
    const rescaled = () => ({ ...images, data: Float32Array.from(images.data, (v) => Math.fround(v * rescale)) });
    const parts: Float32Array[] = [];
    if (options.augment) {
      const rng = new SeededRandom(options.seed ?? this.rng.nextUint32());
      for (let r = 0; r < rounds; r++) parts.push(this.randomTransform(rescaled(), rng).images.data);
    } else {
      parts.push(rescaled().data);
    }
    const { mean, std } = featurewiseStats(parts);
    if (this.featurewiseCenter) this.mean = mean;
    if (this.featurewiseStdNormalization) this.std = std;
    return this;
  }

  /** Applies `params` (checked) with this generator's fill mode, cval and interpolation. */
  applyTransform(images: Images<PixelArray>, params: TransformParams | TransformParams[]): Images<Float32Array> {
    assertImages(images);
    checkParamsFor(params, images.n);
    return transformImages(images, params, this.resampling);
  }

  /** Fresh random parameters for every image, applied (Keras's `random_transform`, no standardising); returns the images and the parameters. */
  randomTransform(images: Images<PixelArray>, rng: SeededRandom = this.rng): { images: Images<Float32Array>; params: TransformParams[] } {
    assertImages(images);
    const params = Array.from({ length: images.n }, () => this.randomTransformParams(images.h, images.w, rng));
    return { images: transformImages(images, params, this.resampling), params };
  }

  /**
   * An augmented copy of a batch, as `flow` makes each of its batches: fresh transforms from the
   * generator's own stream (so its seed fixes them), then `standardize`. What `train` calls.
   */
  augmentBatch(images: Images<PixelArray>): Images<Float32Array> {
    assertImages(images);
    const { n, h, w } = images;
    const out = new Float32Array(n * h * w);
    this.augmentInto(images, null, out, n, this.rng, inkBoxesFor(images, this.resampling), true);
    return { data: out, n, h, w };
  }

  /**
   * The one route of every augmented batch (`augmentBatch`, `flow`, `batches`, `dataset`): `count`
   * fresh parameter sets from `rng`, source image `pick[k]` (or k) under set k into `out`, then
   * `standardize`. Returns the parameters.
   */
  private augmentInto(images: Images<PixelArray>, pick: Uint32Array | null, out: Float32Array, count: number, rng: SeededRandom, boxes: Int16Array | null, outZeroed: boolean): TransformParams[] {
    const { h, w } = images;
    const params = new Array<TransformParams>(count);
    for (let k = 0; k < count; k++) params[k] = this.randomTransformParams(h, w, rng);
    transformInto(images.data, pick, out, count, h, w, params, this.resampling, boxes, outZeroed);
    const steps = this.standardizeSteps;
    if (changesPixels(steps)) standardizeInPlace(out, count, h, w, steps);
    return params;
  }

  /**
   * Batches of augmented images and their labels, with a fresh order (if `shuffle`) and fresh
   * transforms every epoch — Keras's `flow`. Runs `epochs` epochs (default: until the caller stops).
   */
  async *flow(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions = {}): AsyncGenerator<AugmentedBatch> {
    yield* this.batches(images, labels, options);
  }

  /** The synchronous form of `flow`. */
  batches(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions = {}): Generator<AugmentedBatch> {
    return this.checkedBatches(this.checkFlow(images, labels, options));
  }

  private checkFlow(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions): CheckedFlow {
    return checkFlow(images, labels, options, this.validationSplit, () => this.rng.nextUint32());
  }

  private *checkedBatches(flow: CheckedFlow): Generator<AugmentedBatch> {
    const { images, labels, batchSize, shuffle, epochs, reuseBuffers } = flow;
    const { n, h, w } = images;
    const size = h * w;
    const rng = new SeededRandom(flow.seed);
    const boxes = inkBoxesFor(images, this.resampling);
    const imageOrder = new Uint32Array(n);
    let reused: Float32Array | undefined;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = 0; i < n; i++) imageOrder[i] = i;
      if (shuffle) rng.shuffle(imageOrder);
      for (let start = 0, batch = 0; start < n; start += batchSize, batch++) {
        const count = Math.min(batchSize, n - start);
        const pick = imageOrder.subarray(start, start + count);
        const pickedLabels = new Uint8Array(count);
        for (let k = 0; k < count; k++) pickedLabels[k] = labels[pick[k]];
        const out = reuseBuffers ? (reused ??= new Float32Array(batchSize * size)).subarray(0, count * size) : new Float32Array(count * size);
        const params = this.augmentInto(images, pick, out, count, rng, boxes, !reuseBuffers);
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
    const checked = this.checkFlow(images, labels, { ...options, epochs: options.epochs ?? 1 });
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] >= classes) throw new DatasetError("labels", `classes 0–${classes - 1}`, `label ${labels[i]} at index ${i}`);
    }
    // Each iteration of the dataset gets its own child seed, so epochs differ yet runs repeat.
    const seeds = new SeededRandom(checked.seed);
    const { h, w } = images;
    const generator = this;
    return tf.data.generator(function* () {
      for (const batch of generator.checkedBatches({ ...checked, seed: seeds.nextUint32(), reuseBuffers: true })) {
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
}
