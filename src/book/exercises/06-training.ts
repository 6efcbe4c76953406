/** Notebook 06's exercises: a smaller network, a larger learning rate, the most frequent mistake. */
import type * as tf from "@tensorflow/tfjs";
import { ARTICLE_PARAMETER_COUNT } from "../../model/model";
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

const isModel = (value: unknown): value is tf.LayersModel =>
  typeof value === "object" && value !== null && typeof (value as tf.LayersModel).countParams === "function";

const learningRateOf = (model: tf.LayersModel): number | undefined =>
  (model.optimizer as unknown as { learningRate?: number } | undefined)?.learningRate;

/** Exercise 06.1: the listing's network with fewer filters and units. */
const smallerNetwork: ExerciseChecker = (attempt) => {
  if (!isModel(attempt)) return { ok: false, hint: t`pass the model you built (smallCnn) to the checker` };
  const params = attempt.countParams();
  const outputs = (attempt.outputs[0].shape as (number | null)[]).slice(-1)[0];
  if (outputs !== 10) return { ok: false, hint: t`keep the last layer at 10 units, one per digit (it has ${outputs})` };
  if (params >= ARTICLE_PARAMETER_COUNT) return { ok: false, hint: t`the network still has ${params} parameters: make the conv layers' filters and the hidden dense layer's units smaller` };
  const convs = attempt.layers.filter((l) => l.getClassName() === "Conv2D").length;
  if (convs === 0) return { ok: false, hint: t`keep the convolutional layers; only make them smaller` };
  return { ok: true, seen: t`${params} parameters, ${(100 * params / ARTICLE_PARAMETER_COUNT).toFixed(0)}% of the article's ${ARTICLE_PARAMETER_COUNT}` };
};

/** Exercise 06.2: Adam at learning rate 0.003, trained. */
const largerStep: ExerciseChecker = (attempt) => {
  if (!isModel(attempt) || !attempt.optimizer) return { ok: false, hint: t`pass the compiled model (fastCnn) to the checker` };
  const rate = learningRateOf(attempt);
  if (rate === undefined || Math.abs(rate - 0.003) > 1e-9) return { ok: false, hint: t`the optimizer's learning rate is ${rate}: create it with tf.train.adam(0.003)` };
  const steps = (attempt.optimizer as unknown as { iterations?: number }).iterations ?? 0;
  if (steps === 0) return { ok: false, hint: t`compile it with the new rate, then train it (the train call in the cell)` };
  return { ok: true, seen: t`Adam at 0.003, ${steps} steps trained` };
};

/** Exercise 06.3: the most frequent (true, predicted) pair off the diagonal of the confusion matrix. */
const mostConfused: ExerciseChecker = (attempt) => {
  const { answer, confusion } = attempt as { answer?: { trueDigit?: number; predicted?: number }; confusion?: number[][] };
  if (!answer || !confusion) return { ok: false, hint: t`pass { answer: mostConfused, confusion: evaluation.confusion }` };
  const largest = Math.max(...confusion.flatMap((row, i) => row.filter((_, j) => j !== i)));
  const { trueDigit = -1, predicted = -1 } = answer;
  if (trueDigit === predicted) return { ok: false, hint: t`a mistake has a true digit and a different prediction: look off the diagonal` };
  const count = confusion[trueDigit]?.[predicted];
  if (count === undefined) return { ok: false, hint: t`digits run from 0 to 9` };
  if (count < largest) return { ok: false, hint: t`${trueDigit}→${predicted} happened ${count} times; one pair happened ${largest} times` };
  return { ok: true, seen: t`${trueDigit} taken for ${predicted}, ${count} times` };
};

/** Notebook 06's checkers by id. */
export const EXERCISES_06: Readonly<Record<string, ExerciseChecker>> = {
  "06.1": smallerNetwork,
  "06.2": largerStep,
  "06.3": mostConfused,
};
