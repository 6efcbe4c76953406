/** Notebook 08's exercises: dropout 0.5, a learning rate of 0.003, early stopping with patience 1. */
import type * as tf from "@tensorflow/tfjs";
import type { TrainHistory } from "../../model/train";
import { t } from "../i18n";
import type { ExerciseChecker } from "./checker";

const isModel = (value: unknown): value is tf.LayersModel =>
  typeof value === "object" && value !== null && typeof (value as tf.LayersModel).countParams === "function";

const isHistory = (value: unknown): value is TrainHistory =>
  typeof value === "object" && value !== null && Array.isArray((value as TrainHistory).epochs);

const pct = (x: number): string => (100 * x).toFixed(2);

/** Exercise 08.1: the overfitting experiment's network with dropout 0.5, trained. */
const moreDropout: ExerciseChecker = (attempt) => {
  const { model, history } = (attempt ?? {}) as { model?: unknown; history?: unknown };
  if (!isModel(model) || !isHistory(history)) return { ok: false, hint: t`pass { model: dropoutModel, history: dropoutHistory }` };
  const dropout = model.layers.find((l) => l.getClassName() === "Dropout");
  if (!dropout) return { ok: false, hint: t`the model has no dropout layer: build it with buildCnn({ seed: seed, dropout: 0.5 })` };
  const rate = (dropout.getConfig() as { rate?: number }).rate;
  if (rate !== 0.5) return { ok: false, hint: t`the dropout rate is ${rate}: make it 0.5` };
  const last = history.epochs[history.epochs.length - 1];
  if (!last || last.val_acc === undefined) return { ok: false, hint: t`train it with the validation set (the train call in the cell)` };
  return { ok: true, seen: t`dropout 0.5: training accuracy ${pct(last.acc)}%, validation accuracy ${pct(last.val_acc)}% after ${last.epoch} epochs` };
};

/** Exercise 08.2: one epoch at learning rate 0.003. */
const middleRate: ExerciseChecker = (attempt) => {
  const { model, losses, accuracy } = (attempt ?? {}) as { model?: unknown; losses?: number[]; accuracy?: number };
  if (!isModel(model) || !model.optimizer || !Array.isArray(losses) || typeof accuracy !== "number") {
    return { ok: false, hint: t`pass { model: lrModel, losses: lrLosses, accuracy: lrResult.accuracy }` };
  }
  const rate = (model.optimizer as unknown as { learningRate?: number }).learningRate;
  if (rate === undefined || Math.abs(rate - 0.003) > 1e-9) return { ok: false, hint: t`the learning rate is ${rate}: pass { learningRate: 0.003 } to compileCnn` };
  if (losses.length === 0) return { ok: false, hint: t`train it for one epoch (the train call in the cell)` };
  const end = losses.slice(-5).reduce((a, x) => a + x, 0) / Math.min(5, losses.length);
  return { ok: true, seen: t`learning rate 0.003: mean loss of the last 5 steps ${end.toFixed(3)}, test accuracy ${pct(accuracy)}%` };
};

/** Exercise 08.3: early stopping with patience 1. */
const lessPatience: ExerciseChecker = (attempt) => {
  const { earlyStopping, history, epochs } = (attempt ?? {}) as { earlyStopping?: { patience?: number }; history?: unknown; epochs?: number };
  if (!earlyStopping || !isHistory(history) || typeof epochs !== "number") return { ok: false, hint: t`pass { earlyStopping: impatient, history: stopHistory, epochs: overfitEpochs }` };
  if (earlyStopping.patience !== 1) return { ok: false, hint: t`the patience is ${earlyStopping.patience}: make it 1` };
  if (history.epochs.length === 0) return { ok: false, hint: t`train it with early stopping (the train call in the cell)` };
  const kept = history.bestEpoch ?? history.epochs.length;
  return history.stoppedEarly
    ? { ok: true, seen: t`patience 1: stopped after epoch ${history.epochs.length} of ${epochs} and kept the weights of epoch ${kept}` }
    : { ok: true, seen: t`patience 1: early stopping did not stop before the last of ${epochs} epochs` };
};

/** Notebook 08's checkers by id. */
export const EXERCISES_08: Readonly<Record<string, ExerciseChecker>> = {
  "08.1": moreDropout,
  "08.2": middleRate,
  "08.3": lessPatience,
};
