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

/** Epochs that show about `imagesToSee` training images when there are `labelled` of them (1 to `maxEpochs`). */
export const epochsForBudget = (imagesToSee: number, labelled: number, maxEpochs = 30): number => Math.max(1, Math.min(maxEpochs, Math.round(imagesToSee / labelled)));

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
