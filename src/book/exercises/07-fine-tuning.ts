/** Notebook 07's exercises: more labels for the frozen base, conv3 unfrozen, too large a fine-tuning step. */
import type * as tf from "@tensorflow/tfjs";
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

const isModel = (value: unknown): value is tf.LayersModel =>
  typeof value === "object" && value !== null && typeof (value as tf.LayersModel).countParams === "function";

const stepsTrained = (model: tf.LayersModel): number =>
  (model.optimizer as unknown as { iterations?: number } | undefined)?.iterations ?? 0;

const learningRateOf = (model: tf.LayersModel): number | undefined =>
  (model.optimizer as unknown as { learningRate?: number } | undefined)?.learningRate;

const outputUnits = (model: tf.LayersModel): number | null | undefined => (model.outputs[0].shape as (number | null)[]).slice(-1)[0];

const frozenNames = (model: tf.LayersModel): string[] => model.layers.filter((l) => !l.trainable && l.countParams() > 0).map((l) => l.name);

const pct = (x: number): string => (100 * x).toFixed(2);

/** What every transfer exercise needs: a model with a new 5-way output layer, trained. */
function transferProblem(model: unknown, name: string): string | undefined {
  if (!isModel(model)) return t`pass the model you built (${name}) to the checker`;
  const units = outputUnits(model);
  if (units !== 5) return t`the new output layer needs 5 units, one per digit 5–9 (it has ${units})`;
  if (stepsTrained(model) === 0) return t`compile the model, then train it (the train call in the cell)`;
  return undefined;
}

/** Exercise 07.1: the frozen-base transfer with 100 labels per digit. */
const moreLabels: ExerciseChecker = (attempt) => {
  const { model, labelled, accuracy } = (attempt ?? {}) as { model?: unknown; labelled?: { labels?: Uint8Array }; accuracy?: number };
  const problem = transferProblem(model, "transfer1");
  if (problem) return { ok: false, hint: problem };
  const labels = labelled?.labels;
  if (!labels || typeof accuracy !== "number") return { ok: false, hint: t`pass { model: transfer1, labelled: labelled1, accuracy: accuracy1 }` };
  const counts = [0, 0, 0, 0, 0];
  for (const label of labels) counts[label]++;
  if (counts.some((c) => c !== 100)) return { ok: false, hint: t`the model learnt from ${labels.length} labelled images: set perDigit to 100, for 100 images of each digit 5–9` };
  const frozen = frozenNames(model as tf.LayersModel);
  if (frozen.join() !== "conv1,conv2,conv3") return { ok: false, hint: t`keep conv1, conv2 and conv3 frozen, as in part (b) (frozen now: ${frozen.join(", ") || "—"})` };
  return { ok: true, seen: t`100 labels per digit, conv1–conv3 frozen: ${pct(accuracy)}% on the test digits 5–9` };
};

/** Exercise 07.2: conv3 trains with dense1 and the new output layer; conv1 and conv2 stay frozen. */
const unfreezeConv3: ExerciseChecker = (attempt) => {
  const { model, accuracy } = (attempt ?? {}) as { model?: unknown; accuracy?: number };
  const problem = transferProblem(model, "transfer2");
  if (problem) return { ok: false, hint: problem };
  if (typeof accuracy !== "number") return { ok: false, hint: t`pass { model: transfer2, accuracy: accuracy2 }` };
  const frozen = frozenNames(model as tf.LayersModel);
  if (frozen.includes("conv3")) return { ok: false, hint: t`conv3 is still frozen: take it out of the list frozen2` };
  if (!frozen.includes("conv1") || !frozen.includes("conv2")) return { ok: false, hint: t`keep conv1 and conv2 frozen; only conv3 joins the training (frozen now: ${frozen.join(", ") || "—"})` };
  return { ok: true, seen: t`conv1 and conv2 frozen, conv3 trained: ${pct(accuracy)}% on the test digits 5–9` };
};

/** Exercise 07.3: continuing the trained model with Adam at 0.01. */
const largeStep: ExerciseChecker = (attempt) => {
  const { model, before, after } = (attempt ?? {}) as { model?: unknown; before?: number; after?: number };
  if (!isModel(model) || !model.optimizer) return { ok: false, hint: t`pass the compiled model (hot) to the checker` };
  if (typeof before !== "number" || typeof after !== "number") return { ok: false, hint: t`pass { model: hot, before: before.accuracy, after: hotAccuracy }` };
  const rate = learningRateOf(model);
  if (rate === undefined || Math.abs(rate - 0.01) > 1e-9) return { ok: false, hint: t`the optimizer's learning rate is ${rate}: create it with tf.train.adam(0.01)` };
  const steps = stepsTrained(model);
  if (steps === 0) return { ok: false, hint: t`compile it with the new rate, then train it (the train call in the cell)` };
  return { ok: true, seen: t`Adam at 0.01 for ${steps} steps: test accuracy ${pct(before)}% → ${pct(after)}%` };
};

/** Notebook 07's checkers by id. */
export const EXERCISES_07: Readonly<Record<string, ExerciseChecker>> = {
  "07.1": moreLabels,
  "07.2": unfreezeConv3,
  "07.3": largeStep,
};
