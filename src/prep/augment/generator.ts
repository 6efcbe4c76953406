/**
 * Keras's `ImageDataGenerator`, batched over flat typed arrays: options checked on construction,
 * random parameters drawn in Keras's order from the generator's own seeded PRNG (the stream is
 * not numpy's: same distributions, not Keras's numbers), `standardize`, `fit`, and batches
 * through `flow`, `batches` and `dataset`.
 */
import * as tf from "@tensorflow/tfjs";
import { assertImages } from "../assert-images";
import { DatasetError, InvalidArgumentError, UnsupportedOptionError } from "../../errors";
import { SeededRandom } from "../../random";
import type { Images, PixelArray } from "../../types";
import { checkOptionNames, checkRange, checkResample, checkShiftRange, FLAVOR_CODE, IMAGE_DATA_GENERATOR_OPTIONS, MODE_CODE, MODE_CONSTANT, MODE_NEAREST } from "./options";
import type { FillMode, ImageDataGeneratorOptions, Interpolation, KerasFlavor, PreprocessingFunction, TransformParams } from "./options";
import { inkBoxes } from "./resample";
import { applyTransform, transformInto } from "./transform";

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
    const boxes = mode === MODE_NEAREST || (mode === MODE_CONSTANT && this.cval === 0) ? inkBoxes(images) : null; // per call, not cached: the caller may change the pixels between flows
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
        transformInto(images.data, pick, out, count, h, w, params, mode, this.cval, order, flavor, boxes, !options.reuseBuffers);
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
