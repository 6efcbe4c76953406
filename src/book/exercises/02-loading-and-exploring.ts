/** Notebook 02's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 02's checkers by id. */
export const EXERCISES_02: Readonly<Record<string, ExerciseChecker>> = {};
