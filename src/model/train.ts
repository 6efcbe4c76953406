/**
 * Training (§5.2.6): seeded shuffling, optional augmentation of the training batches only,
 * validation on held-out data, early stopping with best-weights restore, learning-rate schedules.
 * Tensors are made batch by batch from flat arrays. `train` reports progress as typed events
 * (`onEvent`) and displays nothing itself; the book (src/book/notebook/progress.ts) renders them.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../errors";
import { compileSteps, type CompiledStepEvent, type CompiledSteps } from "../backend/compiled/steps";
import { SeededRandom } from "../random";
import type { Images, LabelledImages, PixelArray } from "../types";
import { EarlyStopper, type EarlyStoppingOptions } from "./early-stopping";
import type { EpochLog } from "./epoch-log";
import { gatherBatch, gatherLabels, identityOrder, lossAndAccuracy, predictProbabilities } from "./predict";

export { EarlyStopper, type EarlyStoppingOptions } from "./early-stopping";
export type { EpochLog } from "./epoch-log";

/**
 * What `train` augments training batches with (e.g. an `ImageDataGenerator`): an augmented copy
 * of a batch of normalised images. The augmenter owns its randomness, so its seed fixes the
 * augmentation.
 */
export interface Augmenter {
  augmentBatch(images: Images<Float32Array>): Images<Float32Array>;
}

function augmentWith(augmenter: Augmenter, batch: Images<Float32Array>): Images<Float32Array> {
  const out = augmenter.augmentBatch(batch);
  if (out.n !== batch.n || out.h !== batch.h || out.w !== batch.w || out.data.length !== batch.data.length) {
    throw new InvalidArgumentError("augment", `a batch of ${batch.n}×${batch.h}×${batch.w} images back`, `${out.n}×${out.h}×${out.w} (${out.data.length} values)`);
  }
  return out;
}

/**
 * What `train` reports, in order: `start`; per epoch its `batch` events then `epoch`; maybe `stop`
 * and `restore`; `done`. Before the batch that first uses it: `compiled` (a step compiled into one
 * TensorFlow call) or `eager-fallback` (why steps run op by op).
 */
export type TrainEvent =
  | {
      type: "start";
      epochs: number;
      batchSize: number;
      /** Images trained on per epoch. */
      trainCount: number;
      /** Images validated on after every epoch (0 without validation). */
      validationCount: number;
      backend: string;
    }
  | {
      type: "batch";
      /** 1-based epoch and 0-based batch number. */
      epoch: number;
      batch: number;
      /** Indices into `data` of the images this batch trained on (before augmentation). */
      indices: Uint32Array;
      loss: number;
      acc: number;
      /** Images trained on so far this epoch, and their mean loss and accuracy. */
      seen: number;
      meanLoss: number;
      meanAcc: number;
      /** Seconds since the epoch began. */
      epochSeconds: number;
    }
  | { type: "epoch"; log: EpochLog; epochs: number; /** Seconds since training began. */ elapsedSeconds: number }
  | { type: "stop"; epoch: number; reason: "early-stopping" | "stopTraining" }
  | { type: "restore"; bestEpoch: number; monitor: string; stoppedEarly: boolean }
  | { type: "done"; history: TrainHistory }
  | CompiledStepEvent;

/** A receiver of training events (e.g. `notebookProgress()`); `train` awaits it. */
export type TrainEventHandler = (event: TrainEvent) => void | Promise<void>;

/** A handler that records the indices of every image trained on (to show what validation never saw). */
export function trainedIndices(): { onEvent: TrainEventHandler; indices: Set<number> } {
  const indices = new Set<number>();
  return { indices, onEvent: (event) => void (event.type === "batch" && event.indices.forEach((i) => indices.add(i))) };
}

/** Options for `train`; the defaults are the article's recipe. */
export interface TrainOptions {
  /** Epochs (default 10, the article's). */
  epochs?: number;
  /** Mini-batch size (default 32, the article's). */
  batchSize?: number;
  /** Augmenter applied to training batches only (the article: `ImageDataGenerator.flow`). */
  augment?: Augmenter;
  /** Fraction of the training data held out for validation, taken from its end as Keras does. */
  validationSplit?: number;
  /** Explicit validation data (takes precedence over `validationSplit`). */
  validationData?: LabelledImages<PixelArray>;
  /**
   * Receives every event, awaited before training goes on (the one way to observe or stop a run:
   * set `model.stopTraining = true`); without it training is silent.
   */
  onEvent?: TrainEventHandler;
  /** Seed for shuffling (same seed + same initial weights + same augmenter seed → same weights). */
  seed?: number;
  /** Shuffle the training data each epoch (default true). */
  shuffle?: boolean;
  /** Stop when the monitored metric stops improving. */
  earlyStopping?: EarlyStoppingOptions;
  /**
   * Learning rate for each epoch, as Keras's `LearningRateScheduler`: called before every epoch
   * with its 0-based index and the current rate; e.g. `exponentialDecay(0.8)`. Default: constant.
   */
  learningRateSchedule?: (epochIndex: number, learningRate: number) => number;
  /** Run each step (and validation) as one compiled TensorFlow call on the native backend (default true; false: op by op). */
  compiled?: boolean;
}

const OPTION_NAMES: ReadonlyArray<keyof TrainOptions> = ["epochs", "batchSize", "augment", "validationSplit", "validationData", "onEvent", "seed", "shuffle", "earlyStopping", "learningRateSchedule", "compiled"];

/** What `train` returns. */
export interface TrainHistory {
  /** One log per completed epoch. */
  epochs: EpochLog[];
  /** Epoch (1-based) whose weights the model holds at the end, when early stopping restored them. */
  bestEpoch?: number;
  /** True when early stopping ended training before the last epoch. */
  stoppedEarly: boolean;
  /** Indices into `data` held out for validation by `validationSplit` (never trained on). */
  validationIndices?: Uint32Array;
  /** tfjs backend used. */
  backend: string;
  /** Total wall-clock seconds. */
  seconds: number;
}

/** A schedule for `train`: the rate is multiplied by `rate` after every epoch (Keras's staircase `ExponentialDecay`). */
export function exponentialDecay(rate: number): (epochIndex: number, learningRate: number) => number {
  if (!(rate > 0 && rate <= 1)) throw new InvalidArgumentError("exponentialDecay rate", "a factor in (0, 1]", String(rate));
  return (epochIndex, learningRate) => (epochIndex === 0 ? learningRate : learningRate * rate);
}

/** The learning rate of a compiled model's optimizer (Adam, SGD, RMSprop … all keep it in `learningRate`). */
function optimizerWithRate(model: tf.LayersModel): { learningRate: number } {
  const optimizer = model.optimizer as unknown as { learningRate?: unknown };
  if (typeof optimizer.learningRate !== "number") {
    throw new InvalidArgumentError("learningRateSchedule", "an optimizer with a numeric learningRate", model.optimizer.getClassName());
  }
  return optimizer as { learningRate: number };
}

function checkSplit(split: LabelledImages<PixelArray>, name: string): void {
  const { images, labels } = split;
  if (images.data.length !== images.n * images.h * images.w) {
    throw new InvalidArgumentError(`${name}.images`, `${images.n}×${images.h}×${images.w} = ${images.n * images.h * images.w} values`, String(images.data.length));
  }
  if (labels.length !== images.n) throw new InvalidArgumentError(`${name}.labels`, `${images.n} labels (one per image)`, String(labels.length));
  if (images.n === 0) throw new InvalidArgumentError(`${name}.images`, "at least one image", "0");
}

/** Rejects unknown options and a bad epoch count or batch size; returns both. */
function checkOptions(model: tf.LayersModel, options: TrainOptions): { epochs: number; batchSize: number } {
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as string[]).includes(key)) {
      const hint = key === "verbose" ? "train() is silent; pass onEvent: notebookProgress() to show progress" : undefined;
      throw new InvalidArgumentError(`train option ${key}`, `one of ${OPTION_NAMES.join(", ")}`, `unknown option "${key}"`, hint);
    }
  }
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(epochs) || epochs < 1) throw new InvalidArgumentError("epochs", "a positive integer", String(epochs));
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError("batchSize", "a positive integer", String(batchSize));
  if (!model.optimizer) throw new InvalidArgumentError("model", "a compiled model", "an uncompiled model", "call compileCnn(model) first");
  return { epochs, batchSize };
}

/** The training part and the validation data: Keras's validation_split takes the *last* fraction, unshuffled. */
function splitValidation(data: LabelledImages<PixelArray>, options: TrainOptions): { trainCount: number; validation?: LabelledImages<PixelArray>; validationIndices?: Uint32Array } {
  if (options.validationData) {
    checkSplit(options.validationData, "validationData");
    return { trainCount: data.images.n, validation: options.validationData };
  }
  const split = options.validationSplit;
  if (split === undefined) return { trainCount: data.images.n };
  if (!(split > 0 && split < 1)) throw new InvalidArgumentError("validationSplit", "a fraction in (0, 1)", String(split));
  const { n, h, w } = data.images;
  const trainCount = Math.floor(n * (1 - split));
  if (trainCount === 0 || trainCount === n) throw new InvalidArgumentError("validationSplit", "a fraction leaving images on both sides", `${split} of ${n}`);
  const validation = { images: { data: data.images.data.subarray(trainCount * h * w), n: n - trainCount, h, w }, labels: data.labels.subarray(trainCount) };
  return { trainCount, validation, validationIndices: Uint32Array.from({ length: n - trainCount }, (_, i) => trainCount + i) };
}

/** Everything one training run shares between its steps. */
interface Run {
  model: tf.LayersModel;
  data: LabelledImages<PixelArray>;
  options: TrainOptions;
  epochs: number;
  batchSize: number;
  trainCount: number;
  validation?: LabelledImages<PixelArray>;
  shuffledIndices: Uint32Array;
  rng: SeededRandom;
  scheduledOptimizer?: { learningRate: number };
  /** The model's steps as compiled TensorFlow calls (unless `compiled: false`). */
  compiled?: CompiledSteps;
  emit: TrainEventHandler;
  startedAt: number;
  history: TrainHistory;
}

/** Sets the epoch's learning rate from the schedule, if any. */
function applySchedule(run: Run, epochIndex: number): void {
  const schedule = run.options.learningRateSchedule;
  if (!schedule || !run.scheduledOptimizer) return;
  const rate = schedule(epochIndex, run.scheduledOptimizer.learningRate);
  if (!(rate > 0 && Number.isFinite(rate))) throw new InvalidArgumentError(`learningRateSchedule(${epochIndex})`, "a positive finite learning rate", String(rate));
  const optimizer = run.scheduledOptimizer as { learningRate: number; setLearningRate?: (rate: number) => void };
  // SGD and Momentum keep the rate in a tensor of their own too; setLearningRate renews it.
  if (typeof optimizer.setLearningRate === "function") optimizer.setLearningRate(rate);
  else optimizer.learningRate = rate;
}

/** One optimizer step on images `shuffledIndices[from..to)`; returns its loss, accuracy and milliseconds spent augmenting. */
async function trainBatch(run: Run, from: number, to: number): Promise<{ loss: number; acc: number; augmentMs: number }> {
  let batch = gatherBatch(run.data.images, run.shuffledIndices, from, to);
  let augmentMs = 0;
  if (run.options.augment) {
    const augmentStart = performance.now();
    batch = augmentWith(run.options.augment, batch);
    augmentMs = performance.now() - augmentStart;
  }
  const labels = gatherLabels(run.data.labels, run.shuffledIndices, from, to);
  const xs = tf.tensor4d(batch.data, [batch.n, batch.h, batch.w, 1]);
  const ys = tf.tensor2d(labels, [labels.length, 1]);
  try {
    const result = run.compiled ? run.compiled.trainOnBatch(xs, ys) : await run.model.trainOnBatch(xs, ys);
    const [loss, acc] = Array.isArray(result) ? result : [result, NaN];
    return { loss, acc, augmentMs };
  } finally {
    xs.dispose();
    ys.dispose();
  }
}

/** Trains one epoch over the (shuffled) training part and returns its log without validation metrics. */
async function trainEpoch(run: Run, epoch: number): Promise<EpochLog> {
  const epochStart = performance.now();
  applySchedule(run, epoch - 1);
  if (run.options.shuffle ?? true) run.rng.shuffle(run.shuffledIndices);
  let lossSum = 0, accSum = 0, augmentMs = 0, seen = 0;
  for (let from = 0, batch = 0; from < run.trainCount; from += run.batchSize, batch++) {
    const to = Math.min(run.trainCount, from + run.batchSize);
    const step = await trainBatch(run, from, to);
    lossSum += step.loss * (to - from);
    accSum += step.acc * (to - from);
    augmentMs += step.augmentMs;
    seen += to - from;
    const epochSeconds = (performance.now() - epochStart) / 1000;
    await run.emit({ type: "batch", epoch, batch, indices: run.shuffledIndices.slice(from, to), loss: step.loss, acc: step.acc, seen, meanLoss: lossSum / seen, meanAcc: accSum / seen, epochSeconds });
    if (run.model.stopTraining) break;
  }
  const seconds = (performance.now() - epochStart) / 1000;
  const log: EpochLog = { epoch, loss: lossSum / seen, acc: accSum / seen, seconds, imagesPerSecond: seen / seconds };
  if (run.scheduledOptimizer) log.learningRate = run.scheduledOptimizer.learningRate;
  if (run.options.augment) log.augmentSeconds = augmentMs / 1000;
  return log;
}

/** Adds validation loss and accuracy to the epoch's log and counts their time in it. */
async function validateEpoch(run: Run, log: EpochLog, epochStart: number): Promise<void> {
  if (run.validation) {
    const { probs, classes } = await predictProbabilities(run.model, run.validation.images, 256, run.options.compiled !== false);
    const v = lossAndAccuracy(probs, classes, run.validation.labels);
    log.val_loss = v.loss;
    log.val_acc = v.acc;
  }
  log.seconds = (performance.now() - epochStart) / 1000;
}

/** Early stopping with best-weights restore: keeps a copy of the best epoch's weights. */
class BestWeights {
  private weights?: tf.Tensor[];
  constructor(readonly stopper: EarlyStopper, readonly restore: boolean) {}

  /** Feeds the epoch's log; returns whether to stop. */
  update(log: EpochLog, model: tf.LayersModel): boolean {
    const { improved, stop } = this.stopper.update(log);
    if (improved && this.restore) {
      this.dispose();
      this.weights = model.getWeights().map((w) => w.clone());
    }
    return stop;
  }

  /** Puts the best weights back when a later epoch was worse; returns the best epoch, if restoring. */
  async restoreInto(run: Run): Promise<number | undefined> {
    if (!this.restore || !this.weights) return undefined;
    const best = this.stopper.bestEpoch;
    if (best !== run.history.epochs[run.history.epochs.length - 1]?.epoch) {
      run.model.setWeights(this.weights);
      await run.emit({ type: "restore", bestEpoch: best, monitor: this.stopper.monitorName, stoppedEarly: run.history.stoppedEarly });
    }
    return best;
  }

  dispose(): void {
    this.weights?.forEach((t) => t.dispose());
    this.weights = undefined;
  }
}

/** Runs the epochs, validating after each and stopping early when told to. */
async function runEpochs(run: Run, best?: BestWeights): Promise<void> {
  for (let epoch = 1; epoch <= run.epochs; epoch++) {
    const epochStart = performance.now();
    const log = await trainEpoch(run, epoch);
    await validateEpoch(run, log, epochStart);
    run.history.epochs.push(log);
    await run.emit({ type: "epoch", log, epochs: run.epochs, elapsedSeconds: (performance.now() - run.startedAt) / 1000 });
    if (best?.update(log, run.model) && epoch < run.epochs) {
      run.history.stoppedEarly = true;
      await run.emit({ type: "stop", epoch, reason: "early-stopping" });
      return;
    }
    if (run.model.stopTraining) {
      await run.emit({ type: "stop", epoch, reason: "stopTraining" });
      return;
    }
  }
}

/**
 * Trains `model` (compiled, e.g. with `compileCnn`) on `data` with the article's recipe by
 * default (10 epochs, batch 32); images may be normalised floats or bytes (scaled per batch).
 * Returns the per-epoch history. Validation uses data held out from training — never the test set.
 */
export async function train(model: tf.LayersModel, data: LabelledImages<PixelArray>, options: TrainOptions = {}): Promise<TrainHistory> {
  const { epochs, batchSize } = checkOptions(model, options);
  checkSplit(data, "data");
  const { trainCount, validation, validationIndices } = splitValidation(data, options);
  const history: TrainHistory = { epochs: [], stoppedEarly: false, backend: tf.getBackend(), seconds: 0, ...(validationIndices ? { validationIndices } : {}) };
  // Compiled-step events arrive while a step runs; they go out before the next event.
  const compiledEvents: CompiledStepEvent[] = [];
  const handler = options.onEvent ?? (() => undefined);
  const run: Run = {
    model, data, options, epochs, batchSize, trainCount, validation, history,
    shuffledIndices: identityOrder(trainCount),
    rng: new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 31)),
    scheduledOptimizer: options.learningRateSchedule ? optimizerWithRate(model) : undefined,
    emit: async (event) => {
      for (const compiled of compiledEvents.splice(0)) await handler(compiled);
      await handler(event);
    },
    startedAt: performance.now(),
  };
  const best = options.earlyStopping ? new BestWeights(new EarlyStopper(options.earlyStopping), options.earlyStopping.restoreBestWeights ?? true) : undefined;
  model.stopTraining = false;
  await run.emit({ type: "start", epochs, batchSize, trainCount, validationCount: validation?.images.n ?? 0, backend: history.backend });
  run.compiled = options.compiled === false ? undefined : compileSteps(model, { onEvent: (event) => void compiledEvents.push(event) });
  try {
    await runEpochs(run, best);
    const bestEpoch = await best?.restoreInto(run);
    if (bestEpoch !== undefined) history.bestEpoch = bestEpoch;
  } finally {
    run.compiled?.release();
    best?.dispose();
  }
  history.seconds = (performance.now() - run.startedAt) / 1000;
  await run.emit({ type: "done", history });
  return history;
}
