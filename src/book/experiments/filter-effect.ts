/** What a filter did to a set of images: pixels changed and ink kept, overall, per image and per digit. */
import { DatasetError } from "../../errors";
import type { Images, PixelArray } from "../../types";

/** The effect of a filter, in the fields of docs/evidence/article-code.json's `medianFilter` plus per-image detail. */
export interface FilterEffect {
  pixelsChangedFraction: number;
  meanAbsDifference: number;
  inkPixelsBefore: number;
  inkPixelsAfter: number;
  /** Mean over images of (ink after ÷ ink before), ink = sum of pixel values. */
  inkMassRetainedMean: number;
  /** Total ink after ÷ total ink before. */
  inkMassRetainedTotal: number;
  inkMassRetainedByDigit: Record<string, number>;
  imagesLosingOver20PercentInk: number;
  worstImage: { index: number; label: number; massRetained: number };
  changedPerImage: number[];
}

/** Compares `before` and `after` (same shape) image by image; `labels` group the per-digit figures. */
export function filterEffect(before: Images<PixelArray>, after: Images<PixelArray>, labels: Uint8Array): FilterEffect {
  if (before.n !== after.n || before.h !== after.h || before.w !== after.w) throw new DatasetError("after", `${before.n}×${before.h}×${before.w} images like before`, `${after.n}×${after.h}×${after.w}`);
  if (labels.length !== before.n) throw new DatasetError("labels", `${before.n} labels`, String(labels.length));
  const px = before.h * before.w;
  const retained = new Float64Array(before.n), changedPerImage: number[] = [];
  let changed = 0, absDiff = 0, inkBefore = 0, inkAfter = 0, massBefore = 0, massAfter = 0;
  for (let i = 0; i < before.n; i++) {
    let k = 0, mb = 0, ma = 0;
    for (let p = i * px; p < (i + 1) * px; p++) {
      const a = before.data[p], b = after.data[p];
      if (a !== b) k++;
      if (a > 0) inkBefore++;
      if (b > 0) inkAfter++;
      absDiff += Math.abs(a - b); mb += a; ma += b;
    }
    changed += k; massBefore += mb; massAfter += ma;
    changedPerImage.push(k);
    retained[i] = ma / mb;
  }
  const byDigit: Record<string, number> = {};
  for (let d = 0; d < 10; d++) {
    const of = retained.filter((_, i) => labels[i] === d);
    if (of.length > 0) byDigit[String(d)] = of.reduce((s, v) => s + v, 0) / of.length;
  }
  let worst = 0;
  retained.forEach((r, i) => { if (r < retained[worst]) worst = i; });
  return {
    pixelsChangedFraction: changed / before.data.length,
    meanAbsDifference: absDiff / before.data.length,
    inkPixelsBefore: inkBefore,
    inkPixelsAfter: inkAfter,
    inkMassRetainedMean: retained.reduce((s, v) => s + v, 0) / before.n,
    inkMassRetainedTotal: massAfter / massBefore,
    inkMassRetainedByDigit: byDigit,
    imagesLosingOver20PercentInk: retained.filter((r) => r < 0.8).length,
    worstImage: { index: worst, label: labels[worst], massRetained: retained[worst] },
    changedPerImage,
  };
}
