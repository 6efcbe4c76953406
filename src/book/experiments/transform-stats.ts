/** Measuring what an augmentation does: centres of mass, mean displacement, ranges of sampled parameters. */
import { InvalidArgumentError } from "../../errors";
import { ImageDataGenerator, type ImageDataGeneratorOptions } from "../../prep/augment";
import type { Images, PixelArray } from "../../types";

/** Centre of mass [row, column] of image `index` (ink-weighted mean pixel position); NaN for a blank image. */
export function centreOfMass(images: Images<PixelArray>, index = 0): [number, number] {
  if (!Number.isInteger(index) || index < 0 || index >= images.n) throw new InvalidArgumentError("index", `an image index in 0…${images.n - 1}`, String(index));
  const { h, w } = images, at = index * h * w;
  let sum = 0, r = 0, c = 0;
  for (let q = 0; q < h * w; q++) { const v = images.data[at + q]; sum += v; r += v * Math.floor(q / w); c += v * (q % w); }
  return [r / sum, c / sum];
}

/** Mean |Δ row| and |Δ column| of the centre of mass of `copies` augmented copies of image 0 of `digit` (fill `constant`). */
export function meanShift(options: Pick<ImageDataGeneratorOptions, "widthShiftRange" | "heightShiftRange">, digit: Images<PixelArray>, seed: number, copies = 200): { rows: number; columns: number } {
  const px = digit.h * digit.w;
  const generator = new ImageDataGenerator({ ...options, fillMode: "constant", seed });
  const repeated = { data: new Float32Array(copies * px).map((_, q) => digit.data[q % px]), n: copies, h: digit.h, w: digit.w };
  const moved = generator.randomTransform(repeated).images;
  const [r0, c0] = centreOfMass(digit, 0);
  let rows = 0, columns = 0;
  for (let i = 0; i < copies; i++) {
    const [r, c] = centreOfMass(moved, i);
    rows += Math.abs(r - r0) / copies;
    columns += Math.abs(c - c0) / copies;
  }
  return { rows, columns };
}

/** Smallest and largest of `values`, and whether all lie in [low, high]. */
export function within(values: ArrayLike<number>, low: number, high: number): { min: number; max: number; ok: boolean } {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) { min = Math.min(min, values[i]); max = Math.max(max, values[i]); }
  return { min, max, ok: values.length > 0 && min >= low && max <= high };
}
