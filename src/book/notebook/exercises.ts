/**
 * Exercises a learner does by editing code: a checker looks at the attempt and answers ✓ or a hint.
 * It never throws (an unedited cell gets a hint, not an error that stops the notebook); the
 * checkers and their hints live in src/book/exercises/, one file per notebook.
 */
import { InvalidArgumentError } from "../../errors";
import { EXERCISES } from "../exercises";
import type { ExerciseVerdict } from "../exercises/checker";
import { t } from "../i18n";
import { display, escapeHtml } from "./show";

export type { ExerciseChecker, ExerciseVerdict } from "../exercises/checker";

/** MIME type that marks a checker's verdict in a notebook's outputs (the tests read it). */
export const EXERCISE_MIME = "application/vnd.mnist-prep.exercise+json";

/** An exercise id, `NN.k`: notebook NN, exercise k. */
const ID = /^(\d\d)\.(\d+)$/;

/**
 * Judges `attempt` with exercise `id`'s checker and shows ✓ or a hint; a checker that throws becomes
 * a hint too. Returns nothing, so the cell shows only the verdict.
 */
export async function checkExercise(id: string, attempt: unknown): Promise<void> {
  const checker = EXERCISES[id];
  const match = ID.exec(id);
  if (!checker || !match) throw new InvalidArgumentError("checkExercise id", `one of ${Object.keys(EXERCISES).join(", ") || "(none)"}`, JSON.stringify(id));
  let verdict: ExerciseVerdict;
  try {
    verdict = await checker(attempt);
  } catch (error) {
    verdict = { ok: false, hint: t`your code raised an error: ${(error as Error).message ?? String(error)}` };
  }
  const number = Number(match[2]);
  const text = verdict.ok ? `✓ ${t`Exercise ${number}: done`} — ${verdict.seen}` : `💡 ${t`Exercise ${number}, hint:`} ${verdict.hint}`;
  const colour = verdict.ok ? "#1e7e34" : "#8a6d3b";
  display({
    [EXERCISE_MIME]: { id, ...verdict },
    "text/html": `<div class="mnist-prep-exercise" style="color:${colour}">${escapeHtml(text)}</div>`,
    "text/plain": text,
  });
}
