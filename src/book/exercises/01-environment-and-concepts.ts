/** Notebook 01's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 01's checkers by id. */
export const EXERCISES_01: Readonly<Record<string, ExerciseChecker>> = {};
