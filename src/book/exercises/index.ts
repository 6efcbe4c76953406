/** Every notebook's exercise checkers, by id (`NN.k`). */
import type { ExerciseChecker } from "../notebook/exercises";

/** The checkers, by exercise id. */
export const EXERCISES: Readonly<Record<string, ExerciseChecker>> = {};
