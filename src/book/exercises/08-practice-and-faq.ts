/** Notebook 08's exercises. */
import type { ExerciseChecker } from "./checker";

/** Notebook 08's checkers by id. */
export const EXERCISES_08: Readonly<Record<string, ExerciseChecker>> = {};
