/** Taking parts of a labelled split without losing the image/label pairing. */
import { InvalidArgumentError } from "../errors";
import type { LabelledImages, PixelArray } from "../types";

/** The images and labels at `indices`, in that order (copies). */
export function pick<T extends PixelArray>(split: LabelledImages<T>, indices: ArrayLike<number>): LabelledImages<T> {
  const { images, labels } = split;
  const size = images.h * images.w;
  const data = new (images.data.constructor as { new (n: number): T })(indices.length * size);
  const picked = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= images.n) {
      throw new InvalidArgumentError("indices", `integers in [0, ${images.n})`, `${i} at position ${k}`);
    }
    data.set(images.data.subarray(i * size, (i + 1) * size), k * size);
    picked[k] = labels[i];
  }
  return { images: { data, n: indices.length, h: images.h, w: images.w }, labels: picked };
}

/** The first `count` images and labels (views, no copy). */
export function head<T extends PixelArray>(split: LabelledImages<T>, count: number): LabelledImages<T> {
  const { images, labels } = split;
  if (!Number.isInteger(count) || count < 0) throw new InvalidArgumentError("count", "a non-negative integer", String(count));
  const n = Math.min(count, images.n);
  const size = images.h * images.w;
  return { images: { data: images.data.subarray(0, n * size) as T, n, h: images.h, w: images.w }, labels: labels.subarray(0, n) };
}
