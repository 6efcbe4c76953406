/**
 * What the article's §3.3 cleaning lines do, traced in TypeScript with numpy's indexing rules:
 * `valid = np.where((x >= 0) & (x <= 255)); x = x[valid]; y = y[valid]`.
 */
import type { Images, PixelArray } from "../../types";

/** numpy's `np.where(mask)` for n×h×w images: one coordinate array per axis (image, row, column) of every pixel where `keep` holds. */
export function npWhere(images: Images<PixelArray>, keep: (value: number) => boolean): [number[], number[], number[]] {
  const where: [number[], number[], number[]] = [[], [], []];
  const { n, h, w, data } = images;
  for (let i = 0; i < n; i++) for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
    if (keep(data[(i * h + r) * w + c])) { where[0].push(i); where[1].push(r); where[2].push(c); }
  }
  return where;
}

/** `images[where]` in numpy: the pixels at those coordinates, as one flat array. */
export function indexWithWhere(images: Images<PixelArray>, where: [number[], number[], number[]]): number[] {
  return where[0].map((i, k) => images.data[(i * images.h + where[1][k]) * images.w + where[2][k]]);
}

/** numpy's message when an array of `ndim` dimensions is indexed with `indexArrays` index arrays; undefined when that is allowed. */
export function numpyIndexError(ndim: number, indexArrays: number): string | undefined {
  if (indexArrays <= ndim) return undefined;
  return `IndexError: too many indices for array: array is ${ndim}-dimensional, but ${indexArrays} were indexed`;
}

/** What the article's outlier removal does to `images` (n×h×w) and their 1-D labels, in the fields of docs/evidence/article-code.json. */
export function articleOutlierRemoval(images: Images<PixelArray>): { inputShape: number[]; maskAllTrue: boolean; whereReturnsArrays: number; imagesAfterShape: number[]; labelsError: string | undefined } {
  const kept = npWhere(images, (v) => v >= 0 && v <= 255);
  return {
    inputShape: [images.n, images.h, images.w],
    maskAllTrue: kept[0].length === images.data.length,
    whereReturnsArrays: kept.length,
    imagesAfterShape: [kept[0].length],
    labelsError: numpyIndexError(1, kept.length),
  };
}
