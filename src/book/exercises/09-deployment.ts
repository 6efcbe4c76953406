/** Notebook 09's exercises: fewer quantisation levels, a shift centring cannot undo, a batch of 32. */
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** Exercise 09.1: the weights rounded to 16 levels (4 bits) or fewer, measured. */
const fewerLevels: ExerciseChecker = (attempt) => {
  const { levels, accuracy, changed, reference, n } = (attempt ?? {}) as Record<string, unknown>;
  if (![levels, accuracy, changed, reference, n].every(isNumber)) {
    return { ok: false, hint: t`pass { levels, accuracy, changed, reference, n } as the cell below the exercise does` };
  }
  const [l, acc, moved, ref, count] = [levels, accuracy, changed, reference, n] as number[];
  if (!Number.isInteger(l) || l < 2) return { ok: false, hint: t`levels must be a whole number of at least 2 (it is ${l})` };
  if (l > 16) return { ok: false, hint: t`${l} levels change ${moved} of ${count} predictions: set levels to 16 (4 bits a weight) and run the cell again` };
  const bits = Math.log2(l);
  const width = Number.isInteger(bits) ? t`${bits} bits a weight` : t`${bits.toFixed(1)} bits a weight`;
  return { ok: true, seen: t`${l} levels (${width}): accuracy ${pct(acc)} (float32 ${pct(ref)}), ${moved} of ${count} predictions changed` };
};

/** Exercise 09.2: a shift so large that centring no longer restores the accuracy. */
const centringFails: ExerciseChecker = (attempt) => {
  const { shift, centred, unmoved } = (attempt ?? {}) as Record<string, unknown>;
  if (![shift, centred, unmoved].every(isNumber)) return { ok: false, hint: t`pass { shift, centred, unmoved } as the cell below the exercise does` };
  const [d, back, base] = [shift, centred, unmoved] as number[];
  if (back >= base - 0.05) {
    return { ok: false, hint: t`moved ${d} pixels, centring still gives ${pct(back)} (unmoved ${pct(base)}): move the digits further, until ink leaves the 28×28 image (try 8)` };
  }
  return { ok: true, seen: t`moved ${d} pixels, centred digits are read ${pct(back)} of the time (unmoved ${pct(base)}): the ink pushed past the edge is gone, and centring cannot bring it back` };
};

/** Exercise 09.3: one batch of 32 images timed. */
const batchOf32: ExerciseChecker = (attempt) => {
  const { batchSize, msPerBatch, msOneImage } = (attempt ?? {}) as Record<string, unknown>;
  if (![batchSize, msPerBatch, msOneImage].every(isNumber)) return { ok: false, hint: t`pass { batchSize, msPerBatch, msOneImage } as the cell below the exercise does` };
  const [size, batch, one] = [batchSize, msPerBatch, msOneImage] as number[];
  if (size !== 32) return { ok: false, hint: t`the batch has ${size} image(s): set batchSize to 32` };
  const each = batch / size;
  const verdict = each < one ? t`per image ${(one / each).toFixed(1)} times as fast as one at a time (${one.toFixed(2)} ms)` : t`no faster per image than one at a time (${one.toFixed(2)} ms) on this run: is the machine busy?`;
  return { ok: true, seen: t`32 images in ${batch.toFixed(2)} ms, ${each.toFixed(3)} ms an image: ${verdict}` };
};

/** Notebook 09's checkers by id. */
export const EXERCISES_09: Readonly<Record<string, ExerciseChecker>> = {
  "09.1": fewerLevels,
  "09.2": centringFails,
  "09.3": batchOf32,
};
