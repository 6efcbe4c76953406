/** Notebook 07's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 07's checkers by id. */
export const EXERCISES_07: Readonly<Record<string, ExerciseChecker>> = {};
