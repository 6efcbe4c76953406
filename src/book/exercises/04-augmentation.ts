/** Notebook 04's exercises: a visible shear, sideways shifts in spite of Keras's axis swap, large rotations. */
import { ImageDataGenerator, type TransformParams } from "../../prep/augment";
import { centreOfMass } from "../experiments/centre-of-mass";
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

/** How far a shear by `degrees` moves a pixel at the border of a 28×28 image (14 pixels from the centre). */
const borderMove = (degrees: number): number => 14 * Math.tan((degrees * Math.PI) / 180);

/** Exercise 04.1: a shear range large enough to see (10°–45°). */
const visibleShear: ExerciseChecker = (attempt) => {
  if (!(attempt instanceof ImageDataGenerator)) return { ok: false, hint: t`pass the generator (shearing) to the checker` };
  const range = attempt.shearRange;
  if (range < 10) return { ok: false, hint: t`shearRange ${range} moves a pixel at the border by at most ${borderMove(range).toFixed(3)} px: try shearRange: 20` };
  if (range > 45) return { ok: false, hint: t`shearRange ${range} slants the digits so far that they leave the image: try 20` };
  return { ok: true, seen: t`shears up to ±${range}°: a pixel at the border moves up to ${borderMove(range).toFixed(1)} px` };
};

/** A 28×28 test picture: a 6×6 square in the middle, so its centre of mass is easy to follow. */
function square(copies: number): { data: Float32Array; n: number; h: number; w: number } {
  const data = new Float32Array(copies * 784);
  for (let i = 0; i < copies; i++) for (let r = 11; r < 17; r++) data.fill(255, i * 784 + r * 28 + 11, i * 784 + r * 28 + 17);
  return { data, n: copies, h: 28, w: 28 };
}

/** Exercise 04.2: a generator that moves digits sideways by up to 10% of the width, never up or down. */
const sidewaysOnly: ExerciseChecker = (attempt) => {
  if (!(attempt instanceof ImageDataGenerator)) return { ok: false, hint: t`pass the generator (sideways) to the checker` };
  const copies = 100;
  const moved = attempt.randomTransform(square(copies)).images;
  let rows = 0, columns = 0, widest = 0;
  for (let i = 0; i < copies; i++) {
    const [r, c] = centreOfMass(moved, i);
    rows += Math.abs(r - 13.5) / copies;
    columns += Math.abs(c - 13.5) / copies;
    widest = Math.max(widest, Math.abs(c - 13.5));
  }
  if (rows > 0.05) return { ok: false, hint: t`your generator moves the digits up and down (on average ${rows.toFixed(2)} px): in Keras, widthShiftRange draws the shift that moves rows — use the other range` };
  if (columns < 0.5) return { ok: false, hint: t`your generator hardly moves the digits sideways (on average ${columns.toFixed(2)} px): give it a shift range of 0.1` };
  if (widest > 2.8 + 0.05) return { ok: false, hint: t`a digit moved ${widest.toFixed(1)} px sideways, more than 10% of the width (2.8 px): use a range of 0.1` };
  return { ok: true, seen: t`sideways by up to ${widest.toFixed(1)} px (on average ${columns.toFixed(2)} px), up or down by ${rows.toFixed(2)} px: heightShiftRange moves digits sideways` };
};

/** Exercise 04.3: rotations large enough to turn a 6 into a 9. */
const largeRotations: ExerciseChecker = (attempt) => {
  const params = attempt as TransformParams[];
  if (!Array.isArray(params) || params.length === 0 || typeof params[0]?.theta !== "number") return { ok: false, hint: t`pass the parameters of the turned sixes (turned.params)` };
  const largest = Math.max(...params.map((p) => Math.abs(p.theta)));
  if (largest <= 90) return { ok: false, hint: t`no six turned by more than ${largest.toFixed(0)}°, so none looks like a 9: set rotationRange: 180` };
  const upsideDown = params.filter((p) => Math.abs(p.theta) > 120).length;
  return { ok: true, seen: t`${upsideDown} of the ${params.length} sixes turned by more than 120°: those read as 9s, with the wrong label` };
};

/** Notebook 04's checkers by id. */
export const EXERCISES_04: Readonly<Record<string, ExerciseChecker>> = {
  "04.1": visibleShear,
  "04.2": sidewaysOnly,
  "04.3": largeRotations,
};
