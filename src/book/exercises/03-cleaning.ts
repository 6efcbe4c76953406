/** Notebook 03's exercises: a 5×5 median filter, images the validation flags, test-set standardisation. */
import { fitStandardization, type StandardizationStats } from "../../prep/normalize";
import { medianFilter } from "../../prep/median";
import type { ValidationReport } from "../../prep/validate";
import type { Images, PixelArray } from "../../types";
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

const isImages = (value: unknown): value is Images =>
  typeof value === "object" && value !== null && ArrayBuffer.isView((value as Images).data)
  && Number.isInteger((value as Images).n) && Number.isInteger((value as Images).h);

function sameImages(a: Images, b: Images): boolean {
  if (a.n !== b.n || a.h !== b.h || a.w !== b.w || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

const inkShare = (after: Images, before: Images): number => {
  let kept = 0, total = 0;
  for (let i = 0; i < before.data.length; i++) { kept += after.data[i]; total += before.data[i]; }
  return total === 0 ? 1 : kept / total;
};

/** Exercise 03.1: the digits filtered with a 5×5 window instead of 3×3. */
const widerWindow: ExerciseChecker = (attempt) => {
  const { before, after } = (attempt ?? {}) as { before?: unknown; after?: unknown };
  if (!isImages(before) || !isImages(after)) return { ok: false, hint: t`pass { before: ten, after: wider }: the digits and their filtered copy` };
  if (sameImages(after, medianFilter(before, 3))) return { ok: false, hint: t`that is still the article's 3×3 window: set windowSize to 5` };
  if (!sameImages(after, medianFilter(before, 5))) return { ok: false, hint: t`wider should be medianFilter(ten, 5), the ten digits through a 5×5 window` };
  const kept3 = inkShare(medianFilter(before, 3), before), kept5 = inkShare(after, before);
  return { ok: true, seen: t`the 5×5 window keeps ${(100 * kept5).toFixed(0)}% of the ink (3×3: ${(100 * kept3).toFixed(0)}%): a stroke must be 3 pixels wide to survive it` };
};

/** How many nearly blank images exercise 03.2 may flag: a handful a person can look at. */
const MOST_FLAGGED = 60;

/** Exercise 03.2: a `minInkPixels` that flags a handful of training images. */
const nearlyBlank: ExerciseChecker = (attempt) => {
  const { report, labels } = (attempt ?? {}) as { report?: ValidationReport; labels?: Uint8Array };
  if (!report || !Array.isArray(report.nearBlank) || !report.settings || !(labels instanceof Uint8Array)) {
    return { ok: false, hint: t`pass { report: inkReport, labels: mnist.train.labels }` };
  }
  if (report.n !== labels.length) return { ok: false, hint: t`validate all the training images (mnist.train) and pass their labels` };
  const { minInkPixels } = report.settings;
  const count = report.nearBlank.length;
  if (count === 0) return { ok: false, hint: t`no training image has fewer than ${minInkPixels} ink pixels: raise minInkPixels` };
  if (count > MOST_FLAGGED) return { ok: false, hint: t`minInkPixels ${minInkPixels} flags ${count} images, more than you would look at one by one: lower it` };
  const digits = [...new Set(report.nearBlank.map((i) => labels[i]))].sort((a, b) => a - b);
  return { ok: true, seen: t`minInkPixels ${minInkPixels} flags ${count} training images (digits: ${digits.join(", ")}): thin strokes, not bad images` };
};

const sameStats = (a: StandardizationStats, b: StandardizationStats): boolean => a.mean === b.mean && a.std === b.std;

/** Exercise 03.3: the test images standardised with the training set's statistics. */
const trainingStatistics: ExerciseChecker = (attempt) => {
  const { stats, training, test } = (attempt ?? {}) as { stats?: StandardizationStats; training?: unknown; test?: unknown };
  if (!stats || typeof stats.mean !== "number" || !isImages(training) || !isImages(test)) {
    return { ok: false, hint: t`pass { stats: statsForTest, training: trainX, test: testX }` };
  }
  const fromTraining = fitStandardization(training as Images<PixelArray>);
  if (sameStats(stats, fitStandardization(test as Images<PixelArray>))) return { ok: false, hint: t`these statistics were fitted on the test images: fit them on the training images (trainX)` };
  if (!sameStats(stats, fromTraining)) return { ok: false, hint: t`statsForTest should be fitStandardization(trainX), the training images' mean and standard deviation` };
  return { ok: true, seen: t`the test images standardised with the training set's mean ${stats.mean.toFixed(4)} and standard deviation ${stats.std.toFixed(4)}` };
};

/** Notebook 03's checkers by id. */
export const EXERCISES_03: Readonly<Record<string, ExerciseChecker>> = {
  "03.1": widerWindow,
  "03.2": nearlyBlank,
  "03.3": trainingStatistics,
};
