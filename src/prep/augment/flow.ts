/**
 * The options of `flow`, `batches` and `dataset`, checked once per call, and Keras's
 * `validation_split` subsets.
 */
import { assertImages, assertLabels } from "../assert-images";
import { DatasetError, InvalidArgumentError } from "../../errors";
import type { Images, PixelArray } from "../../types";
import { checkOptionNames, type TransformParams } from "./options";

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

/** Options of `dataset`: labels for sparse (`[b, 1]`) or categorical (`[b, classes]`) cross-entropy. */
export interface DatasetOptions extends FlowOptions {
  /** "sparse" (default, for `loss: "sparseCategoricalCrossentropy"`) or "oneHot". */
  labelFormat?: "sparse" | "oneHot";
  /** Classes for one-hot labels; default 10. */
  classes?: number;
  /** Dataset epochs; default 1 (fitDataset re-iterates it every epoch, with fresh transforms). */
  epochs?: number;
}

const FLOW_OPTIONS: readonly string[] = ["batchSize", "shuffle", "seed", "epochs", "reuseBuffers", "subset", "ignoreClassSplit", "labelFormat", "classes"];

/** A flow's checked settings and the images and labels of its subset. */
export interface CheckedFlow {
  images: Images<PixelArray>;
  labels: Uint8Array;
  batchSize: number;
  shuffle: boolean;
  epochs: number;
  reuseBuffers: boolean;
  /** Seed of the flow's own PRNG. */
  seed: number;
}

/**
 * Checks a flow's images, labels and options (unknown names are errors) and takes Keras's subset
 * of `validationSplit`; `nextSeed` gives the seed when the options have none.
 */
export function checkFlow(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions, validationSplit: number, nextSeed: () => number): CheckedFlow {
  assertImages(images);
  checkOptionNames("flow options", options, FLOW_OPTIONS);
  assertLabels(images, labels);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError("batchSize", "a positive integer", String(batchSize));
  const epochs = options.epochs ?? Infinity;
  if (!(epochs === Infinity || (Number.isInteger(epochs) && epochs >= 0))) throw new InvalidArgumentError("epochs", "a non-negative integer or Infinity", String(epochs));
  const part = subsetOf(images, labels, options, validationSplit);
  const seed = options.seed ?? nextSeed();
  return { ...part, batchSize, shuffle: options.shuffle ?? true, epochs, reuseBuffers: options.reuseBuffers ?? false, seed };
}

/** Keras's `subset` of `flow`: "validation" is the first ⌊n · validationSplit⌋ images, "training" the rest. */
function subsetOf(images: Images<PixelArray>, labels: Uint8Array, options: FlowOptions, validationSplit: number): { images: Images<PixelArray>; labels: Uint8Array } {
  const subset = options.subset;
  if (subset === undefined || subset === null) return { images, labels };
  if (subset !== "training" && subset !== "validation") throw new InvalidArgumentError("subset", '"training" | "validation"', JSON.stringify(subset));
  const split = Math.trunc(images.n * validationSplit);
  if (!options.ignoreClassSplit) {
    const classes = (a: Uint8Array) => [...new Set(a)].sort((x, y) => x - y).join(",");
    const head = classes(labels.subarray(0, split)), tail = classes(labels.subarray(split));
    if (head !== tail) throw new DatasetError("labels", `the same classes in the validation part (first ${split}) and the training part (as Keras checks; shuffle sorted data, or pass ignoreClassSplit)`, `{${head}} vs {${tail}}`);
  }
  const [lo, hi] = subset === "validation" ? [0, split] : [split, images.n];
  const size = images.h * images.w;
  return { images: { data: images.data.subarray(lo * size, hi * size), n: hi - lo, h: images.h, w: images.w }, labels: labels.subarray(lo, hi) };
}
