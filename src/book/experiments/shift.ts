/** Random whole-pixel shifts with Keras's `fill_mode='nearest'`: a simple, inspectable augmentation. */
import { InvalidArgumentError } from "../../errors";
import { SeededRandom } from "../../random";
import type { Images, PixelArray } from "../../types";

/** The first `count` images, each moved by a random whole number of pixels in [−maxShift, maxShift] along each axis (edges repeated). */
export function randomlyShifted(images: Images<PixelArray>, options: { maxShift: number; seed: number; count?: number }): Images<Uint8Array> {
  const { maxShift, seed } = options;
  const count = options.count ?? images.n;
  if (!Number.isInteger(maxShift) || maxShift < 0) throw new InvalidArgumentError("maxShift", "a non-negative integer", String(maxShift));
  if (!Number.isInteger(count) || count < 0 || count > images.n) throw new InvalidArgumentError("count", `an integer in 0…${images.n}`, String(count));
  const { h, w } = images, px = h * w;
  const rng = new SeededRandom(seed), out = new Uint8Array(count * px);
  for (let i = 0; i < count; i++) {
    const dy = rng.int(2 * maxShift + 1) - maxShift, dx = rng.int(2 * maxShift + 1) - maxShift;
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
      const sr = Math.min(h - 1, Math.max(0, r - dy)), sc = Math.min(w - 1, Math.max(0, c - dx));
      out[i * px + r * w + c] = images.data[i * px + sr * w + sc];
    }
  }
  return { data: out, n: count, h, w };
}
