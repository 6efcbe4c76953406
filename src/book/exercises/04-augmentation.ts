/** Notebook 04's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 04's checkers by id. */
export const EXERCISES_04: Readonly<Record<string, ExerciseChecker>> = {};
