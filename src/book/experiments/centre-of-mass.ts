/** The centre of mass of a digit: where its ink balances (MNIST centres its digits by it). */
import { InvalidArgumentError } from "../../errors";
import type { Images, PixelArray } from "../../types";

/** Centre of mass [row, column] of image `index` (ink-weighted mean pixel position); NaN for a blank image. */
export function centreOfMass(images: Images<PixelArray>, index = 0): [number, number] {
  if (!Number.isInteger(index) || index < 0 || index >= images.n) throw new InvalidArgumentError("index", `an image index in 0…${images.n - 1}`, String(index));
  const { h, w } = images, at = index * h * w;
  let sum = 0, r = 0, c = 0;
  for (let q = 0; q < h * w; q++) { const v = images.data[at + q]; sum += v; r += v * Math.floor(q / w); c += v * (q % w); }
  return [r / sum, c / sum];
}
