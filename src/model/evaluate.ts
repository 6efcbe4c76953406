/** Evaluation on held-out data: accuracy, per-class precision/recall/F1, confusion matrix, mistakes. */
import type * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../errors";
import { lossAndAccuracy, predictProbabilities } from "./predict";
import type { LabelledImages, PixelArray } from "../types";

/** Precision, recall and F1 of one class (one row of the per-class table). */
export type ClassMetrics = {
  digit: number;
  precision: number;
  recall: number;
  f1: number;
  /** Images of this class in the data. */
  support: number;
};

/** A misclassified image: its index in the evaluated data, true and predicted label, confidence. */
export type Mistake = {
  index: number;
  label: number;
  predicted: number;
  /** Probability the model gave its (wrong) prediction. */
  confidence: number;
};

/** What `evaluate` returns. */
export interface Evaluation {
  /** Fraction of images classified correctly. */
  accuracy: number;
  /** Mean sparse categorical cross-entropy. */
  loss: number;
  /** Images evaluated. */
  n: number;
  /** `confusion[t][p]`: images of true class t predicted as p. */
  confusion: number[][];
  /** One row per class. */
  perClass: ClassMetrics[];
  /** Misclassified images, most confident first. */
  mistakes: Mistake[];
  /** Predicted label per image. */
  predictions: Uint8Array;
}

/** Evaluates `model` on `data` (batch by batch): accuracy, loss, per-class metrics, confusion, mistakes. */
export async function evaluate(model: tf.LayersModel, data: LabelledImages<PixelArray>, options: { batchSize?: number } = {}): Promise<Evaluation> {
  const { images, labels } = data;
  if (labels.length !== images.n) throw new InvalidArgumentError("data.labels", `${images.n} labels`, String(labels.length));
  if (images.n === 0) throw new InvalidArgumentError("data.images", "at least one image", "0");
  const { probs, classes } = await predictProbabilities(model, images, options.batchSize ?? 256);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes) throw new InvalidArgumentError("data.labels", `labels below ${classes} (the model's classes)`, `${labels[i]} at ${i}`);
  }
  const { loss, acc } = lossAndAccuracy(probs, classes, labels);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predictions = new Uint8Array(images.n);
  const mistakes: Mistake[] = [];
  for (let i = 0; i < images.n; i++) {
    const row = probs.subarray(i * classes, (i + 1) * classes);
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
    predictions[i] = best;
    confusion[labels[i]][best]++;
    if (best !== labels[i]) mistakes.push({ index: i, label: labels[i], predicted: best, confidence: row[best] });
  }
  mistakes.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return { accuracy: acc, loss, n: images.n, confusion, perClass: perClassMetrics(confusion), mistakes, predictions };
}

/** Precision, recall, F1 and support per class from a confusion matrix (0 where undefined, as sklearn). */
export function perClassMetrics(confusion: number[][]): ClassMetrics[] {
  return confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + r[c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { digit: c, precision, recall, f1, support };
  });
}
