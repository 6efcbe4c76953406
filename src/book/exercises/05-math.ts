/** Notebook 05's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 05's checkers by id. */
export const EXERCISES_05: Readonly<Record<string, ExerciseChecker>> = {};
