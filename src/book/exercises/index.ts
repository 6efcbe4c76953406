/** Every notebook's exercise checkers, by id (`NN.k`: notebook NN, exercise k). */
import type { ExerciseChecker } from "./checker";

/** The checkers, by exercise id. */
export const EXERCISES: Readonly<Record<string, ExerciseChecker>> = {};
