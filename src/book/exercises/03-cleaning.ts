/** Notebook 03's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 03's checkers by id. */
export const EXERCISES_03: Readonly<Record<string, ExerciseChecker>> = {};
