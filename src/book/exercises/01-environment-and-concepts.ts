/** Notebook 01's exercises: a narrower hidden layer, a second hidden layer, more epochs. */
import type * as tf from "@tensorflow/tfjs";
import { t } from "../i18n";
import type { ExerciseChecker, ExerciseVerdict } from "./checker";

/** The first model's parameters: 784 inputs → 256 units → 10 digits, each unit with a bias. */
const FIRST_MODEL_PARAMETERS = (784 + 1) * 256 + (256 + 1) * 10;

const isModel = (value: unknown): value is tf.LayersModel =>
  typeof value === "object" && value !== null && typeof (value as tf.LayersModel).countParams === "function";

/** The units of each Dense layer, in order. */
const denseUnits = (model: tf.LayersModel): number[] =>
  model.layers.filter((l) => l.getClassName() === "Dense").map((l) => Number(l.getConfig().units));

const stepsTrained = (model: tf.LayersModel): number =>
  (model.optimizer as unknown as { iterations?: number } | undefined)?.iterations ?? 0;

/** What every attempt must be: a trained model whose last layer has one unit per digit. */
function trainedDigitModel(attempt: unknown, name: string): { model: tf.LayersModel; hidden: number[] } | ExerciseVerdict {
  if (!isModel(attempt)) return { ok: false, hint: t`pass the model you built (${name}) to the checker` };
  const units = denseUnits(attempt);
  if (units[units.length - 1] !== 10) return { ok: false, hint: t`keep the last layer at 10 units, one per digit` };
  if (stepsTrained(attempt) === 0) return { ok: false, hint: t`compile and train the model (the fit call in the cell), then check it` };
  return { model: attempt, hidden: units.slice(0, -1) };
}

/** Exercise 01.1: the hidden layer with fewer units. */
const narrower: ExerciseChecker = (attempt) => {
  const found = trainedDigitModel(attempt, "narrow");
  if ("ok" in found) return found;
  const { model, hidden } = found;
  if (hidden.length !== 1) return { ok: false, hint: t`keep exactly one hidden layer and change only its units (it has ${hidden.length})` };
  if (hidden[0] >= 256) return { ok: false, hint: t`the hidden layer still has ${hidden[0]} units: make it smaller, e.g. units: 32` };
  const params = model.countParams();
  const share = ((100 * params) / FIRST_MODEL_PARAMETERS).toFixed(0);
  return { ok: true, seen: t`${hidden[0]} hidden units: ${params} parameters, ${share}% of the first model's ${FIRST_MODEL_PARAMETERS}` };
};

/** Exercise 01.2: a second hidden layer. */
const deeper: ExerciseChecker = (attempt) => {
  const found = trainedDigitModel(attempt, "deeper");
  if ("ok" in found) return found;
  const { model, hidden } = found;
  if (hidden.length < 2) return { ok: false, hint: t`add a second hidden layer: another tf.layers.dense with a relu activation, before the last one` };
  return { ok: true, seen: t`${hidden.length} hidden layers, ${model.countParams()} parameters` };
};

/** Exercise 01.3: more epochs on few images; the attempt is the History that fit returns. */
const moreEpochs: ExerciseChecker = (attempt) => {
  const history = attempt as Partial<tf.History> | undefined;
  const accuracy = history?.history?.acc as number[] | undefined;
  if (!history?.epoch || !accuracy) return { ok: false, hint: t`pass what model.fit returns (fewHistory) to the checker` };
  const epochs = history.epoch.length;
  if (epochs < 10) return { ok: false, hint: t`the model trained for ${epochs} epoch(s): set epochs to 10` };
  const [first, last] = [accuracy[0], accuracy[epochs - 1]].map((a) => (100 * a).toFixed(1));
  return { ok: true, seen: t`${epochs} epochs: training accuracy ${first}% after the first, ${last}% after the last` };
};

/** Notebook 01's checkers by id. */
export const EXERCISES_01: Readonly<Record<string, ExerciseChecker>> = {
  "01.1": narrower,
  "01.2": deeper,
  "01.3": moreEpochs,
};
