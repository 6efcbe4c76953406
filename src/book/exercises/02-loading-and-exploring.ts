/** Notebook 02's exercises: the share of zero pixels, the rarest digit, a field of an IDX header. */
import { readIdxHeader } from "../../data/idx";
import { labelCounts } from "../../data/explore";
import type { Images } from "../../types";
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

/** Exercise 02.1: the share of the test pixels that are exactly 0. */
const zeroShare: ExerciseChecker = (attempt) => {
  const { answer, images } = (attempt ?? {}) as { answer?: number; images?: Images };
  if (typeof answer !== "number" || !images) return { ok: false, hint: t`pass { answer: testZeroShare, images: testImages }` };
  let zeros = 0;
  for (const v of images.data) if (v === 0) zeros++;
  const share = zeros / images.data.length;
  if (answer > 1 && Math.abs(answer / 100 - share) < 1e-4) return { ok: false, hint: t`that is a percentage: give the share as a number between 0 and 1` };
  if (answer === 0) return { ok: false, hint: t`count the pixels equal to 0 in images.data, then divide by the number of pixels` };
  if (Math.abs(answer - share) > 1e-6) return { ok: false, hint: t`${answer} is not it: divide the count of zeros by images.data.length, ${images.data.length} pixels` };
  return { ok: true, seen: t`${(100 * share).toFixed(2)}% of the ${images.data.length} test pixels are 0` };
};

/** Exercise 02.2: the digit with the fewest test images, and how many there are. */
const rarestDigit: ExerciseChecker = (attempt) => {
  const { answer, labels } = (attempt ?? {}) as { answer?: { digit?: number; count?: number }; labels?: Uint8Array };
  if (!answer || !labels) return { ok: false, hint: t`pass { answer: rarest, labels: testLabels }` };
  const counts = labelCounts(labels);
  const fewest = Math.min(...counts);
  const { digit = -1, count = -1 } = answer;
  if (counts[digit] === undefined) return { ok: false, hint: t`digits run from 0 to 9` };
  if (counts[digit] !== fewest) return { ok: false, hint: t`${digit} has ${counts[digit]} test images; one digit has fewer` };
  if (count !== fewest) return { ok: false, hint: t`${digit} is right; now give its count too (count: …)` };
  return { ok: true, seen: t`${digit} is the rarest test digit, ${count} images (${((100 * count) / labels.length).toFixed(1)}%)` };
};

/** Exercise 02.3: the item count of the training labels file, read from its header bytes. */
const headerCount: ExerciseChecker = (attempt) => {
  const { answer, file } = (attempt ?? {}) as { answer?: number; file?: string };
  if (typeof answer !== "number" || typeof file !== "string") return { ok: false, hint: t`pass { answer: labelCount, file: mnist.source.files.trainLabels }` };
  const count = readIdxHeader(file).shape[0];
  if (answer === 0x801) return { ok: false, hint: t`2049 is 0x00000801, the magic number: the count starts at byte 4` };
  if (answer === 0) return { ok: false, hint: t`read the 4 bytes that follow the magic number (bytes 4–7) with getUint32` };
  if (answer !== count) return { ok: false, hint: t`${answer} is not the count: read 4 bytes, big-endian, at byte 4 (DataView's default order)` };
  return { ok: true, seen: t`${count} labels, read from bytes 4–7 of the header` };
};

/** Notebook 02's checkers by id. */
export const EXERCISES_02: Readonly<Record<string, ExerciseChecker>> = {
  "02.1": zeroShare,
  "02.2": rarestDigit,
  "02.3": headerCount,
};
