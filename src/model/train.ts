/**
 * Training (§5.2.6) with live progress, seeded shuffling, optional augmentation of the training
 * batches only, validation, early stopping with best-weights restore, and history as records,
 * a danfojs DataFrame and plotly curves. Tensors are made batch by batch from flat arrays.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../errors";
import { SeededRandom } from "../random";
import { inNotebook, newDisplayHandle, type PlotlyFigure } from "../notebook/show";
import type { Images, LabelledImages, PixelArray } from "../types";

/**
 * What `train` needs from an augmenter (e.g. an `ImageDataGenerator`): augmented copies of a
 * batch of normalised images, drawn from `random` (uniform in [0, 1)) so a seed reproduces them.
 */
export interface BatchAugmenter {
  augmentBatch(images: Images<Float32Array>, random: () => number): Images<Float32Array>;
}

/**
 * A Keras-style generator (this package's `ImageDataGenerator`): `randomTransform` draws from the
 * generator's own seeded stream, so its seed, not `train`'s, fixes the augmentation.
 */
export interface RandomTransformer {
  randomTransform(images: Images<Float32Array>): { images: Images<Float32Array> };
}

/** Anything `train` can augment training batches with. */
export type Augmenter = BatchAugmenter | RandomTransformer;

function augmentWith(augmenter: Augmenter, batch: Images<Float32Array>, random: () => number): Images<Float32Array> {
  const out = "augmentBatch" in augmenter ? augmenter.augmentBatch(batch, random) : augmenter.randomTransform(batch).images;
  if (out.n !== batch.n || out.h !== batch.h || out.w !== batch.w || out.data.length !== batch.data.length) {
    throw new InvalidArgumentError("augment", `a batch of ${batch.n}×${batch.h}×${batch.w} images back`, `${out.n}×${out.h}×${out.w} (${out.data.length} values)`);
  }
  return out;
}

/** Metrics of one epoch. */
export type EpochLog = {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Training accuracy over the epoch. */
  acc: number;
  /** Validation loss, when validating. */
  val_loss?: number;
  /** Validation accuracy, when validating. */
  val_acc?: number;
  /** Wall-clock seconds for the epoch (training + validation). */
  seconds: number;
  /** Training images per second. */
  imagesPerSecond: number;
  /** The optimizer's learning rate during the epoch. */
  learningRate?: number;
  /** Seconds of the epoch spent augmenting training batches, when augmenting. */
  augmentSeconds?: number;
};

/** What `train` returns. */
export interface TrainHistory {
  /** One log per completed epoch. */
  epochs: EpochLog[];
  /** Epoch (1-based) whose weights the model holds at the end, when early stopping restored them. */
  bestEpoch?: number;
  /** True when early stopping ended training before the last epoch. */
  stoppedEarly: boolean;
  /** tfjs backend used. */
  backend: string;
  /** Total wall-clock seconds. */
  seconds: number;
}

/** Early-stopping settings (Keras's `EarlyStopping`). */
export interface EarlyStoppingOptions {
  /** What to watch: a log key, or a function of the epoch's log (default "val_loss"). */
  monitor?: "loss" | "acc" | "val_loss" | "val_acc" | ((log: EpochLog) => number);
  /** "min" or "max"; default: "max" for accuracies, else "min". */
  mode?: "min" | "max";
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** At the end, put back the best epoch's weights if a later epoch was worse (default true). */
  restoreBestWeights?: boolean;
}

/** Hooks called during training; set `model.stopTraining = true` in one to stop. */
export interface TrainCallbacks {
  onEpochEnd?(log: EpochLog, model: tf.LayersModel): void | Promise<void>;
  onBatchEnd?(batch: number, logs: { loss: number; acc: number; size: number }, model: tf.LayersModel): void | Promise<void>;
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
  /** Hooks run each batch/epoch. */
  callbacks?: TrainCallbacks;
  /** Seed for shuffling and augmentation (same seed + same initial weights → same weights). */
  seed?: number;
  /** Shuffle the training data each epoch (default true). */
  shuffle?: boolean;
  /** Stop when the monitored metric stops improving. */
  earlyStopping?: EarlyStoppingOptions;
  /** Show progress (default true): in a notebook, lines updated in place; else one line per epoch. */
  verbose?: boolean;
  /**
   * Learning rate for each epoch, as Keras's `LearningRateScheduler`: called before every epoch
   * with its 0-based index and the current rate; e.g. `exponentialDecay(0.8)`. Default: constant.
   */
  learningRateSchedule?: (epochIndex: number, learningRate: number) => number;
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

/** Copies images `indices[from..to)` into one float batch; bytes are scaled to [0, 1]. */
function gatherBatch(images: Images<PixelArray>, indices: ArrayLike<number>, from: number, to: number): Images<Float32Array> {
  const size = images.h * images.w;
  const out = new Float32Array((to - from) * size);
  const scale = images.data instanceof Uint8Array ? 1 / 255 : 1;
  for (let k = from; k < to; k++) {
    const src = indices[k] * size;
    const dst = (k - from) * size;
    if (scale === 1) out.set(images.data.subarray(src, src + size), dst);
    else for (let p = 0; p < size; p++) out[dst + p] = images.data[src + p] * scale;
  }
  return { data: out, n: to - from, h: images.h, w: images.w };
}

function gatherLabels(labels: Uint8Array, indices: ArrayLike<number>, from: number, to: number): Float32Array {
  const out = new Float32Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = labels[indices[k]];
  return out;
}

const identity = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

/** Class probabilities for every image, computed batch by batch (n × classes, row-major). */
export async function predictProbabilities(model: tf.LayersModel, images: Images<PixelArray>, batchSize = 256): Promise<{ probs: Float32Array; classes: number }> {
  const classes = (model.outputShape as number[])[1];
  const probs = new Float32Array(images.n * classes);
  const all = identity(images.n);
  for (let from = 0; from < images.n; from += batchSize) {
    const to = Math.min(images.n, from + batchSize);
    const batch = gatherBatch(images, all, from, to);
    const out = tf.tidy(() => model.predict(tf.tensor4d(batch.data, [batch.n, batch.h, batch.w, 1]), { batchSize }) as tf.Tensor);
    probs.set(await out.data(), from * classes);
    out.dispose();
  }
  return { probs, classes };
}

/** Mean sparse categorical cross-entropy (Keras's clipping at 1e-7) and accuracy of probabilities. */
export function lossAndAccuracy(probs: Float32Array, classes: number, labels: Uint8Array): { loss: number; acc: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = probs.subarray(i * classes, (i + 1) * classes);
    let sum = 0;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      sum += row[c];
      if (row[c] > row[best]) best = c;
    }
    const p = Math.min(1 - 1e-7, Math.max(1e-7, row[labels[i]] / sum));
    loss -= Math.log(p);
    if (best === labels[i]) correct++;
  }
  return { loss: loss / labels.length, acc: correct / labels.length };
}

/** Seconds as `41.7s`, `10m 5s` or `1h 2m`; rounds before splitting, so 659.6 s is `11m 0s`, never `10m 60s`. */
const formatSeconds = (s: number): string => {
  if (s < 59.95) return `${s.toFixed(1)}s`;
  const seconds = Math.round(s);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
};

/** One progress line, e.g. `epoch 2/10  loss 0.1234  acc 0.9612  val_loss …  812 img/s  74.1s  ETA 9m 52s`. */
export function formatEpochLine(log: EpochLog, epochs: number, etaSeconds?: number): string {
  const parts = [`epoch ${log.epoch}/${epochs}`, `loss ${log.loss.toFixed(4)}`, `acc ${log.acc.toFixed(4)}`];
  if (log.val_loss !== undefined) parts.push(`val_loss ${log.val_loss.toFixed(4)}`);
  if (log.val_acc !== undefined) parts.push(`val_acc ${log.val_acc.toFixed(4)}`);
  if (log.learningRate !== undefined) parts.push(`lr ${log.learningRate.toPrecision(2)}`);
  parts.push(`${Math.round(log.imagesPerSecond)} img/s`, formatSeconds(log.seconds));
  if (etaSeconds !== undefined && etaSeconds > 0) parts.push(`ETA ${formatSeconds(etaSeconds)}`);
  return parts.join("  ");
}

/** Tracks a monitored value and decides when to stop (Keras's EarlyStopping rule). */
export class EarlyStopper {
  private best: number;
  private wait = 0;
  /** Epoch (1-based) of the best value so far. */
  bestEpoch = 0;
  readonly mode: "min" | "max";
  readonly patience: number;
  readonly minDelta: number;

  constructor(readonly options: EarlyStoppingOptions = {}) {
    const monitor = options.monitor ?? "val_loss";
    this.mode = options.mode ?? (typeof monitor === "string" && monitor.endsWith("acc") ? "max" : "min");
    this.patience = options.patience ?? 3;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new InvalidArgumentError("earlyStopping.patience", "a non-negative integer", String(options.patience));
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  /** The monitored value of a log (throws if the log lacks it, e.g. no validation data). */
  value(log: EpochLog): number {
    const monitor = this.options.monitor ?? "val_loss";
    const v = typeof monitor === "function" ? monitor(log) : log[monitor];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new InvalidArgumentError("earlyStopping.monitor", "a metric present in every epoch's log (validation metrics need validation data)", String(typeof monitor === "function" ? "function" : monitor));
    }
    return v;
  }

  /** Feeds one epoch; returns whether it improved on the best and whether to stop now. */
  update(log: EpochLog): { improved: boolean; stop: boolean } {
    const v = this.value(log);
    const improved = this.mode === "min" ? v < this.best - this.minDelta : v > this.best + this.minDelta;
    if (improved) {
      this.best = v;
      this.bestEpoch = log.epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
    return { improved, stop: !improved && this.wait >= Math.max(1, this.patience) };
  }
}

/**
 * Trains `model` (compiled, e.g. with `compileCnn`) on `data` with the article's recipe by
 * default (10 epochs, batch 32); images may be normalised floats or bytes (scaled per batch).
 * Returns the per-epoch history. Validation uses data held out from training — never the test set.
 */
export async function train(model: tf.LayersModel, data: LabelledImages<PixelArray>, options: TrainOptions = {}): Promise<TrainHistory> {
  checkSplit(data, "data");
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(epochs) || epochs < 1) throw new InvalidArgumentError("epochs", "a positive integer", String(epochs));
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError("batchSize", "a positive integer", String(batchSize));
  if (!model.optimizer) throw new InvalidArgumentError("model", "a compiled model", "an uncompiled model", "call compileCnn(model) first");

  // Training and validation parts: Keras's validation_split takes the *last* fraction, unshuffled.
  let trainCount = data.images.n;
  let validation = options.validationData;
  if (validation) checkSplit(validation, "validationData");
  else if (options.validationSplit !== undefined) {
    const split = options.validationSplit;
    if (!(split > 0 && split < 1)) throw new InvalidArgumentError("validationSplit", "a fraction in (0, 1)", String(split));
    trainCount = Math.floor(data.images.n * (1 - split));
    if (trainCount === 0 || trainCount === data.images.n) throw new InvalidArgumentError("validationSplit", "a fraction leaving images on both sides", `${split} of ${data.images.n}`);
    const size = data.images.h * data.images.w;
    validation = {
      images: { data: data.images.data.subarray(trainCount * size), n: data.images.n - trainCount, h: data.images.h, w: data.images.w },
      labels: data.labels.subarray(trainCount),
    };
  }

  const schedule = options.learningRateSchedule;
  const rated = schedule ? optimizerWithRate(model) : undefined;
  const rng = new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 31));
  const random = () => rng.random();
  const order = identity(trainCount);
  const stopper = options.earlyStopping ? new EarlyStopper(options.earlyStopping) : undefined;
  const restore = options.earlyStopping?.restoreBestWeights ?? true;
  let bestWeights: tf.Tensor[] | undefined;
  const verbose = options.verbose ?? true;
  const notebook = verbose && inNotebook();
  const handle = notebook ? newDisplayHandle() : undefined;
  const lines: string[] = [];
  const show = (current?: string) => {
    const text = [...lines, ...(current ? [current] : [])].join("\n");
    handle?.update({ "text/plain": text, "text/html": `<pre style="margin:0">${text}</pre>` });
  };

  const history: TrainHistory = { epochs: [], stoppedEarly: false, backend: tf.getBackend(), seconds: 0 };
  const start = performance.now();
  const batchesPerEpoch = Math.ceil(trainCount / batchSize);
  model.stopTraining = false;
  const finish = () => ((history.seconds = (performance.now() - start) / 1000), history);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      if (schedule && rated) {
        const rate = schedule(epoch - 1, rated.learningRate);
        if (!(rate > 0 && Number.isFinite(rate))) throw new InvalidArgumentError(`learningRateSchedule(${epoch - 1})`, "a positive finite learning rate", String(rate));
        rated.learningRate = rate;
      }
      if (options.shuffle ?? true) rng.shuffle(order);
      let lossSum = 0;
      let accSum = 0;
      let augmentMs = 0;
      let seen = 0;
      let lastShown = performance.now();
      for (let b = 0; b < batchesPerEpoch; b++) {
        const from = b * batchSize;
        const to = Math.min(trainCount, from + batchSize);
        let batch = gatherBatch(data.images, order, from, to);
        if (options.augment) {
          const augmentStart = performance.now();
          batch = augmentWith(options.augment, batch, random);
          augmentMs += performance.now() - augmentStart;
        }
        const labels = gatherLabels(data.labels, order, from, to);
        const xs = tf.tensor4d(batch.data, [batch.n, batch.h, batch.w, 1]);
        const ys = tf.tensor2d(labels, [labels.length, 1]);
        let result: number | number[];
        try {
          result = await model.trainOnBatch(xs, ys);
        } finally {
          xs.dispose();
          ys.dispose();
        }
        const [loss, acc] = Array.isArray(result) ? result : [result, NaN];
        lossSum += loss * batch.n;
        accSum += acc * batch.n;
        seen += batch.n;
        await options.callbacks?.onBatchEnd?.(b, { loss, acc, size: batch.n }, model);
        if (notebook && performance.now() - lastShown > 1000) {
          lastShown = performance.now();
          const elapsed = (lastShown - epochStart) / 1000;
          const rate = seen / elapsed;
          const epochEta = (trainCount - seen) / rate;
          // The rest of training: this epoch, then the remaining epochs at the average epoch time so far.
          const averageEpoch = history.epochs.length > 0 ? history.epochs.reduce((a, e) => a + e.seconds, 0) / history.epochs.length : trainCount / rate;
          const totalEta = epochEta + (epochs - epoch) * averageEpoch;
          show(`epoch ${epoch}/${epochs}  ${seen}/${trainCount}  loss ${(lossSum / seen).toFixed(4)}  acc ${(accSum / seen).toFixed(4)}  ${Math.round(rate)} img/s  ETA ${formatSeconds(epochEta)}${epoch < epochs ? ` (all epochs ${formatSeconds(totalEta)})` : ""}`);
          await new Promise((resolve) => setImmediate(resolve)); // lets the kernel send the update
        }
        if (model.stopTraining) break;
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const log: EpochLog = { epoch, loss: lossSum / seen, acc: accSum / seen, seconds: 0, imagesPerSecond: seen / trainSeconds };
      if (rated) log.learningRate = rated.learningRate;
      if (options.augment) log.augmentSeconds = augmentMs / 1000;
      if (validation) {
        const { probs, classes } = await predictProbabilities(model, validation.images);
        const v = lossAndAccuracy(probs, classes, validation.labels);
        log.val_loss = v.loss;
        log.val_acc = v.acc;
      }
      log.seconds = (performance.now() - epochStart) / 1000;
      history.epochs.push(log);
      const elapsedTotal = (performance.now() - start) / 1000;
      const eta = (elapsedTotal / epoch) * (epochs - epoch);
      lines.push(formatEpochLine(log, epochs, eta));
      if (notebook) show();
      else if (verbose) console.log(lines[lines.length - 1]);
      await options.callbacks?.onEpochEnd?.(log, model);
      if (stopper) {
        const { improved, stop } = stopper.update(log);
        if (improved && restore) {
          bestWeights?.forEach((t) => t.dispose());
          bestWeights = model.getWeights().map((w) => w.clone());
        }
        if (stop && epoch < epochs) {
          history.stoppedEarly = true;
          break;
        }
      }
      if (model.stopTraining) break;
    }
    if (stopper && restore && bestWeights) {
      history.bestEpoch = stopper.bestEpoch;
      const last = history.epochs[history.epochs.length - 1]?.epoch;
      if (stopper.bestEpoch === last) return finish(); // the model already holds the best weights
      model.setWeights(bestWeights);
      const note = `restored weights of epoch ${stopper.bestEpoch} (best ${typeof stopper.options.monitor === "function" ? "monitored value" : (stopper.options.monitor ?? "val_loss")})`;
      lines.push(history.stoppedEarly ? `early stop; ${note}` : note);
      if (notebook) show();
      else if (verbose) console.log(lines[lines.length - 1]);
    }
  } finally {
    bestWeights?.forEach((t) => t.dispose());
  }
  return finish();
}

/** The history as a danfojs DataFrame (one row per epoch). */
export function historyFrame(history: TrainHistory): import("danfojs-node").DataFrame {
  // Loaded on demand: danfojs is large and only needed when a frame is asked for.
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  const columns = ["epoch", "loss", "acc", ...(history.epochs.some((e) => e.val_loss !== undefined) ? ["val_loss", "val_acc"] : []), ...(history.epochs.some((e) => e.learningRate !== undefined) ? ["learningRate"] : []), "seconds", "imagesPerSecond"];
  return new dfd.DataFrame(
    history.epochs.map((e) => columns.map((c) => (e as unknown as Record<string, number>)[c] ?? null)),
    { columns },
  );
}

/** Loss and accuracy per epoch, training vs validation, as a plotly figure with two panels. */
export function trainingCurves(history: TrainHistory, title = "Training curves"): PlotlyFigure {
  const x = history.epochs.map((e) => e.epoch);
  const line = (key: keyof EpochLog, name: string, axis: 1 | 2, dash: string, color: string) => ({
    type: "scatter",
    mode: "lines+markers",
    name,
    x,
    y: history.epochs.map((e) => e[key] ?? null),
    xaxis: axis === 1 ? "x" : "x2",
    yaxis: axis === 1 ? "y" : "y2",
    line: { dash, color },
  });
  const hasVal = history.epochs.some((e) => e.val_loss !== undefined);
  const data = [
    line("loss", "train loss", 1, "solid", "#1f77b4"),
    ...(hasVal ? [line("val_loss", "validation loss", 1, "dash", "#ff7f0e")] : []),
    line("acc", "train accuracy", 2, "solid", "#1f77b4"),
    ...(hasVal ? [line("val_acc", "validation accuracy", 2, "dash", "#ff7f0e")] : []),
  ];
  const shapes =
    history.bestEpoch !== undefined
      ? [{ type: "line", xref: "x", yref: "paper", x0: history.bestEpoch, x1: history.bestEpoch, y0: 0, y1: 1, line: { dash: "dot", color: "#888" } }]
      : [];
  return {
    data,
    layout: {
      title: { text: title },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: "epoch" }, dtick: 1 },
      xaxis2: { title: { text: "epoch" }, dtick: 1 },
      yaxis: { title: { text: "loss" } },
      yaxis2: { title: { text: "accuracy" } },
      shapes,
      height: 380,
    },
  };
}
