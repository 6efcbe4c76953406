/** Batches from flat image arrays, class probabilities batch by batch, and loss/accuracy of probabilities. */
import * as tf from "@tensorflow/tfjs";
import { predictBatch } from "../backend/compiled/steps";
import type { Images, PixelArray } from "../types";

/** Copies images `indices[from..to)` into one float batch; bytes are scaled to [0, 1]. */
export function gatherBatch(images: Images<PixelArray>, indices: ArrayLike<number>, from: number, to: number): Images<Float32Array> {
  const size = images.h * images.w;
  const out = new Float32Array((to - from) * size);
  const scale = images.data instanceof Uint8Array ? 1 / 255 : 1;
  for (let k = from; k < to; k++) {
    const src = indices[k] * size;
    const dst = (k - from) * size;
    if (scale === 1) out.set(images.data.subarray(src, src + size), dst);
    else for (let p = 0; p < size; p++) out[dst + p] = images.data[src + p] * scale;
  }
  return { data: out, n: to - from, h: images.h, w: images.w };
}

/** The labels `labels[indices[k]]` for k in [from, to), as floats for a label tensor. */
export function gatherLabels(labels: Uint8Array, indices: ArrayLike<number>, from: number, to: number): Float32Array {
  const out = new Float32Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = labels[indices[k]];
  return out;
}

/** The indices 0 … n−1. */
export const identityOrder = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

/**
 * Class probabilities for every image, computed batch by batch (n × classes, row-major); each
 * batch is one compiled TensorFlow call on the native backend unless `compiled` is false.
 */
export async function predictProbabilities(model: tf.LayersModel, images: Images<PixelArray>, batchSize = 256, compiled = true): Promise<{ probs: Float32Array; classes: number }> {
  const classes = (model.outputShape as number[])[1];
  const probs = new Float32Array(images.n * classes);
  const all = identityOrder(images.n);
  for (let from = 0; from < images.n; from += batchSize) {
    const to = Math.min(images.n, from + batchSize);
    const batch = gatherBatch(images, all, from, to);
    const out = tf.tidy(() => {
      const x = tf.tensor4d(batch.data, [batch.n, batch.h, batch.w, 1]);
      return compiled ? predictBatch(model, x) : (model.predict(x, { batchSize }) as tf.Tensor);
    });
    probs.set(await out.data(), from * classes);
    out.dispose();
  }
  return { probs, classes };
}

/** Mean sparse categorical cross-entropy (Keras's clipping at 1e-7) and accuracy of probabilities. */
export function lossAndAccuracy(probs: Float32Array, classes: number, labels: Uint8Array): { loss: number; acc: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = probs.subarray(i * classes, (i + 1) * classes);
    let sum = 0;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      sum += row[c];
      if (row[c] > row[best]) best = c;
    }
    const p = Math.min(1 - 1e-7, Math.max(1e-7, row[labels[i]] / sum));
    loss -= Math.log(p);
    if (best === labels[i]) correct++;
  }
  return { loss: loss / labels.length, acc: correct / labels.length };
}
