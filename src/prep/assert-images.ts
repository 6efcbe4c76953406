/** Shape checks of images and labels, shared by the prep functions that take them. */
import { DatasetError } from "../errors";
import type { Images, PixelArray } from "../types";

/** Throws a DatasetError unless `images` is a consistent {data, n, h, w}. */
export function assertImages(images: Images<PixelArray>, name = "images"): void {
  if (!images || typeof images !== "object") throw new DatasetError(name, "{data, n, h, w}", String(images));
  const { data, n, h, w } = images;
  if (!(data instanceof Uint8Array) && !(data instanceof Float32Array)) {
    throw new DatasetError(`${name}.data`, "a Uint8Array or Float32Array", data === undefined ? "undefined" : Object.prototype.toString.call(data));
  }
  for (const [key, value] of [["n", n], ["h", h], ["w", w]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new DatasetError(`${name}.${key}`, "a non-negative integer", String(value));
  }
  if (data.length !== n * h * w) {
    throw new DatasetError(`${name}.data`, `${n * h * w} values for ${n}×${h}×${w}`, `${data.length}`, "wrong shape");
  }
}

/** Throws a DatasetError unless `labels` is a Uint8Array with one label per image. */
export function assertLabels(images: Images<PixelArray>, labels: Uint8Array, name = "labels"): void {
  if (!(labels instanceof Uint8Array)) throw new DatasetError(name, "a Uint8Array", Object.prototype.toString.call(labels));
  if (labels.length !== images.n) throw new DatasetError(name, `${images.n} labels, one per image`, `${labels.length}`);
}
