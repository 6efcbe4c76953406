/** Seeded training runs for the notebooks' experiments: one fit, the transfer comparison, summaries over seeds. */
import type * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../errors";
import { t } from "../i18n";
import type { LabelledImages, PixelArray } from "../../types";
import type { EarlyStoppingOptions } from "../../model/early-stopping";
import { evaluate } from "../../model/evaluate";
import { buildCnn, compileCnn, fineTune, type CnnOptions } from "../../model/model";
import { compareAccuracy, mean, sampleSd, signTestPValue } from "../../model/stats";
import { train, type Augmenter, type TrainHistory } from "../../model/train";

/** The one item of `runs` whose fields equal those of `match` (throws when there is none). */
export function findRun<T extends object>(runs: readonly T[], match: Partial<T>): T {
  const keys = Object.keys(match) as Array<keyof T>;
  const found = runs.find((run) => keys.every((k) => run[k] === match[k]));
  if (!found) throw new InvalidArgumentError("findRun", `a run with ${JSON.stringify(match)}`, `${runs.length} runs without it`);
  return found;
}

/** Epochs that show about `imagesToSee` training images when there are `labelled` of them (1 to `maxEpochs`). */
export const epochsForBudget = (imagesToSee: number, labelled: number, maxEpochs = 30): number => Math.max(1, Math.min(maxEpochs, Math.round(imagesToSee / labelled)));

/** Options of `fitCnn`. */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Seed of the initial weights and of `train` (same seed → same start and batch order). */
  seed: number;
  learningRate?: number;
  augment?: Augmenter;
  cnn?: CnnOptions;
  validationData?: LabelledImages<PixelArray>;
  earlyStopping?: EarlyStoppingOptions;
}

/** What `fitCnn` returns; the caller disposes `model`. */
export interface FitRun {
  model: tf.LayersModel;
  history: TrainHistory;
  /** The loss of every mini-batch, in order. */
  batchLosses: number[];
  /** Training images seen, wall-clock seconds, and training images per second (validation excluded). */
  timing: { "images seen": number; seconds: number; "training images/s": number };
}

/** Builds the article's CNN with a fixed seed, compiles it with Adam and trains it silently, recording every batch's loss. */
export async function fitCnn(data: LabelledImages<PixelArray>, options: FitOptions): Promise<FitRun> {
  const model = compileCnn(buildCnn({ seed: options.seed, ...options.cnn }), { learningRate: options.learningRate ?? 0.001 });
  const batchLosses: number[] = [];
  const history = await train(model, data, {
    epochs: options.epochs, batchSize: options.batchSize, seed: options.seed, augment: options.augment,
    validationData: options.validationData, earlyStopping: options.earlyStopping,
    onEvent: (event) => void (event.type === "batch" && batchLosses.push(event.loss)),
  });
  const trainSeconds = history.epochs.reduce((a, e) => a + data.images.n / e.imagesPerSecond, 0);
  const imagesSeen = data.images.n * history.epochs.length;
  return { model, history, batchLosses, timing: { "images seen": imagesSeen, seconds: +history.seconds.toFixed(1), "training images/s": Math.round(imagesSeen / trainSeconds) } };
}

/** One seed of the transfer experiment: test accuracies of the three methods and the paired scratch-vs-whole comparison. */
export interface TransferRun {
  scratch: number;
  frozen: number;
  whole: number;
  /** Test images only the from-scratch / only the whole-network model got right. */
  onlyScratch: number;
  onlyWhole: number;
  pValue: number;
}

/**
 * Trains on the same labels, for the same epochs: the article's CNN from scratch, `base` fine-tuned with its
 * convolutions frozen, and `base` fine-tuned whole (new head each); evaluates all three on `test`.
 */
export async function compareTransfer(base: tf.LayersModel, labelled: LabelledImages<PixelArray>, test: LabelledImages<PixelArray>, options: { epochs: number; initSeed: number; trainSeed: number; classes: number }): Promise<TransferRun> {
  const { epochs, initSeed, trainSeed, classes } = options;
  const fitOptions = { batchSize: 32, seed: trainSeed, epochs };
  const scratch = compileCnn(buildCnn({ seed: initSeed, numClasses: classes }), { learningRate: 1e-3 });
  const frozen = await fineTune(base, { freezeBase: true, numClasses: classes, learningRate: 1e-3, seed: initSeed });
  const whole = await fineTune(base, { freezeBase: false, numClasses: classes, learningRate: 1e-3, seed: initSeed });
  try {
    const reports = [];
    for (const model of [scratch, frozen, whole]) {
      await train(model, labelled, fitOptions);
      reports.push(await evaluate(model, test));
    }
    // Paired: the same test images, so McNemar's test on the images only one of the two gets right.
    const paired = compareAccuracy(reports[0].predictions, reports[2].predictions, test.labels);
    return { scratch: reports[0].accuracy, frozen: reports[1].accuracy, whole: reports[2].accuracy, onlyScratch: paired.onlyA, onlyWhole: paired.onlyB, pValue: paired.pValue };
  } finally {
    [scratch, frozen, whole].forEach((m) => m.dispose());
  }
}

/** Mean and spread over seeds of one label budget, with the paired test pooled over the seeds. */
export interface TransferSummary {
  labelsPerClass: number;
  epochs: number;
  scratch: number;
  frozen: number;
  whole: number;
  scratchSd: number;
  frozenSd: number;
  wholeSd: number;
  /** Seeds in which fine-tuning the whole network beat training from scratch. */
  wins: number;
  seeds: number;
  onlyScratch: number;
  onlyWhole: number;
  /** McNemar's exact test on the discordant images pooled over the seeds. */
  pooledP: number;
}

/** Summarises the runs of one label budget over seeds: means, sample sds, wins and the pooled paired test. */
export function summarizeTransfer(labelsPerClass: number, epochs: number, runs: readonly TransferRun[]): TransferSummary {
  const of = (key: "scratch" | "frozen" | "whole") => runs.map((run) => run[key]);
  const onlyScratch = runs.reduce((a, run) => a + run.onlyScratch, 0);
  const onlyWhole = runs.reduce((a, run) => a + run.onlyWhole, 0);
  return {
    labelsPerClass, epochs,
    scratch: mean(of("scratch")), frozen: mean(of("frozen")), whole: mean(of("whole")),
    scratchSd: sampleSd(of("scratch")), frozenSd: sampleSd(of("frozen")), wholeSd: sampleSd(of("whole")),
    wins: runs.filter((run) => run.whole > run.scratch).length, seeds: runs.length,
    onlyScratch, onlyWhole, pooledP: signTestPValue(onlyWhole, onlyScratch + onlyWhole),
  };
}

/** Collects one timing row per fit (for a table at the end) and prints a line for each as it finishes. */
export class FitTimings {
  /** One row per fit: experiment, run, images seen, seconds, training images/s (headers in `t`'s language). */
  readonly rows: Array<Record<string, string | number>> = [];
  constructor(private readonly log: (line: string) => void = console.log) {}

  /** Records `fit` under `experiment` and `run`, prints its line and returns it. */
  add<T extends Pick<FitRun, "history" | "timing">>(experiment: string, run: string, fit: T): T {
    const { "images seen": seen, seconds, "training images/s": speed } = fit.timing;
    this.rows.push({ [t`experiment`]: experiment, [t`run`]: run, [t`images seen`]: seen, [t`seconds`]: seconds, [t`training images/s`]: speed });
    const epochs = fit.history.epochs.length;
    this.log(t`${experiment} · ${run}: ${epochs} epoch(s) × ${seen / epochs} images in ${seconds.toFixed(1)} s (${speed} training images/s)`);
    return fit;
  }
}
