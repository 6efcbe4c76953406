/** The simplest classifier with no randomness at all: the label of the closest class-mean image. */
import { DatasetError } from "../../errors";
import type { Images, PixelArray } from "../../types";

/** Accuracy of nearest-class-mean (squared Euclidean distance to `means`, one image per class) on the first `count` images. */
export function nearestMeanAccuracy(images: Images<PixelArray>, labels: ArrayLike<number>, means: Images<PixelArray>, count = images.n): number {
  const px = images.h * images.w;
  if (means.h * means.w !== px) throw new DatasetError("means", `${images.h}×${images.w} images like the data`, `${means.h}×${means.w}`);
  if (count > images.n || count > labels.length) throw new DatasetError("count", `at most ${Math.min(images.n, labels.length)} images`, String(count));
  let correct = 0;
  for (let i = 0; i < count; i++) {
    let best = 0, bestDist = Infinity;
    for (let k = 0; k < means.n; k++) {
      let dist = 0;
      for (let j = 0; j < px; j++) { const d = images.data[i * px + j] - means.data[k * px + j]; dist += d * d; }
      if (dist < bestDist) { bestDist = dist; best = k; }
    }
    if (best === labels[i]) correct++;
  }
  return count === 0 ? 0 : correct / count;
}
