/** Inspecting augmented streams: how many batches a `flow` yields, what a `dataset` batch looks like. */
import * as tf from "@tensorflow/tfjs";
import type { ImageDataGenerator } from "../../prep/augment";
import type { LabelledImages, PixelArray } from "../../types";

/** Runs one epoch of `generator.flow` over `split` and counts batches and images. */
export async function countFlow(generator: ImageDataGenerator, split: LabelledImages<PixelArray>, options: { batchSize?: number; seed?: number } = {}): Promise<{ batches: number; seen: number }> {
  let batches = 0, seen = 0;
  for await (const batch of generator.flow(split.images, split.labels, { batchSize: options.batchSize ?? 32, epochs: 1, seed: options.seed })) {
    batches++;
    seen += batch.labels.length;
  }
  return { batches, seen };
}

/** Shapes and dtypes of a dataset's first `{xs, ys}` batch; its tensors are disposed. */
export async function firstBatch(dataset: tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>): Promise<{ xsShape: number[]; ysShape: number[]; xsDtype: string; ysDtype: string }> {
  const iterator = await dataset.iterator();
  const { value, done } = await iterator.next();
  if (done) return { xsShape: [], ysShape: [], xsDtype: "", ysDtype: "" };
  const result = { xsShape: value.xs.shape, ysShape: value.ys.shape, xsDtype: value.xs.dtype, ysDtype: value.ys.dtype };
  tf.dispose([value.xs, value.ys]);
  return result;
}
