/** Notebook 09's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 09's checkers by id. */
export const EXERCISES_09: Readonly<Record<string, ExerciseChecker>> = {};
