/** Every notebook's exercise checkers, by id (`NN.k`: notebook NN, exercise k). */
import type { ExerciseChecker } from "./checker";
import { EXERCISES_01 } from "./01-environment-and-concepts";
import { EXERCISES_02 } from "./02-loading-and-exploring";
import { EXERCISES_03 } from "./03-cleaning";
import { EXERCISES_04 } from "./04-augmentation";
import { EXERCISES_05 } from "./05-math";
import { EXERCISES_06 } from "./06-training";
import { EXERCISES_07 } from "./07-fine-tuning";
import { EXERCISES_08 } from "./08-practice-and-faq";
import { EXERCISES_09 } from "./09-deployment";

/** The checkers, by exercise id. */
export const EXERCISES: Readonly<Record<string, ExerciseChecker>> = {
  ...EXERCISES_01,
  ...EXERCISES_02,
  ...EXERCISES_03,
  ...EXERCISES_04,
  ...EXERCISES_05,
  ...EXERCISES_06,
  ...EXERCISES_07,
  ...EXERCISES_08,
  ...EXERCISES_09,
};
