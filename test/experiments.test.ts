// Seeded experiment runs (fitCnn, compareTransfer), their summaries and charts.
import assert from "node:assert/strict";
import { before, test, beforeEach } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildCnn, compileCnn, head, InvalidArgumentError, loadMnist, normalize, selectClasses, signTestPValue } from "../src";
import { compareTransfer, epochsForBudget, summarizeTransfer } from "../src/book/experiments/training";
import { binomialStandardError } from "../src/model/stats";
import { setLanguage } from "../src/book/i18n";
import type { PlotlyFigure } from "../src/book/notebook/show";
import { accuracyBars, batchLossFigure, confusionMatrixFigure, historyFrame, overfittingFigure, trainingCurves, transferFigure } from "../src/book/notebook/plots";

beforeEach(() => setLanguage("en"));

const TINY = { filters: [4, 8, 8] as [number, number, number], denseUnits: 16 };
const floats = (n: number, offset = 0) => {
  const part = head(loadMnist().train, offset + n);
  return { images: normalize({ ...part.images, data: part.images.data.subarray(offset * 784), n }), labels: part.labels.slice(offset) };
};

before(async () => {
  const { useBestBackend } = await import("../src/backend/backend");
  await useBestBackend(process.env.MNIST_BACKEND ?? "cpu");
});

test("epochsForBudget rounds images-to-see over labelled images, between 1 and the cap", () => {
  assert.equal(epochsForBudget(20000, 50), 30);
  assert.equal(epochsForBudget(20000, 500), 30);
  assert.equal(epochsForBudget(20000, 5000), 4);
  assert.equal(epochsForBudget(1500, 5000), 1);
  assert.equal(epochsForBudget(1500, 500, 2), 2);
});

test("summarizeTransfer: means, sample sds, wins and the McNemar test pooled over seeds", () => {
  const runs = [
    { scratch: 0.8, frozen: 0.9, whole: 0.85, onlyScratch: 1, onlyWhole: 3, pValue: 0.6 },
    { scratch: 0.9, frozen: 0.9, whole: 0.88, onlyScratch: 0, onlyWhole: 2, pValue: 0.5 },
  ];
  const s = summarizeTransfer(100, 4, runs);
  assert.equal(s.labelsPerClass, 100);
  assert.ok(Math.abs(s.scratch - 0.85) < 1e-12 && Math.abs(s.whole - 0.865) < 1e-12 && s.frozen === 0.9);
  assert.ok(Math.abs(s.scratchSd - Math.sqrt(0.005)) < 1e-12, `${s.scratchSd}`);
  assert.equal(s.frozenSd, 0);
  assert.deepEqual([s.wins, s.seeds, s.onlyScratch, s.onlyWhole], [1, 2, 1, 5]);
  assert.ok(Math.abs(s.pooledP - 14 / 64) < 1e-12, `${s.pooledP}`); // two-sided binomial(6, 1/2): P(≤ 1 or ≥ 5)
});

test("compareTransfer: discordant counts explain the accuracy gap, same seeds repeat, no tensors left", async () => {
  const pool = selectClasses(floats(300), [5, 6, 7, 8, 9]);
  const labelled = head(pool, 20);
  const target = head(pool, 60);
  const base = compileCnn(buildCnn({ seed: 1, numClasses: 5 }));
  const tensors = tf.memory().numTensors;
  const run = await compareTransfer(base, labelled, target, { epochs: 1, initSeed: 8, trainSeed: 9, classes: 5 });
  assert.equal(tf.memory().numTensors, tensors, "the three models are disposed");
  const n = target.labels.length;
  assert.ok(Math.abs(run.whole - run.scratch - (run.onlyWhole - run.onlyScratch) / n) < 1e-12);
  assert.equal(run.pValue, signTestPValue(run.onlyWhole, run.onlyScratch + run.onlyWhole));
  const again = await compareTransfer(base, labelled, target, { epochs: 1, initSeed: 8, trainSeed: 9, classes: 5 });
  assert.deepEqual(again, run, "same seeds, same result");
  base.dispose();
});

test("charts: transfer curves with sd error bars, overfitting panels, accuracy bars with binomial standard errors", () => {
  const s = { labelsPerClass: 10, epochs: 30, scratch: 0.85, frozen: 0.92, whole: 0.9, scratchSd: 0.01, frozenSd: 0.02, wholeSd: 0.015, wins: 4, seeds: 5, onlyScratch: 3, onlyWhole: 9, pooledP: 0.01 };
  const t = transferFigure([s, { ...s, labelsPerClass: 100 }], "t");
  assert.deepEqual(t.data.map((d) => d.name), ["from scratch", "fine-tuned, frozen base", "fine-tuned, whole network"]);
  assert.deepEqual(t.data[1].y, [92, 92]);
  assert.deepEqual((t.data[1].error_y as { array: number[] }).array, [2, 2]);
  const history = { epochs: [{ epoch: 1, loss: 1, acc: 0.5, val_loss: 1.2, val_acc: 0.4, seconds: 1, imagesPerSecond: 1 }], stoppedEarly: false, backend: "cpu", seconds: 1 };
  const o = overfittingFigure([{ name: "baseline", color: "#000", history }], "o");
  assert.deepEqual(o.data.map((d) => [d.name, d.yaxis, (d.y as number[])[0]]), [["baseline · train", "y", 1], ["baseline · validation", "y", 1.2], ["baseline · train", "y2", 0.5], ["baseline · validation", "y2", 0.4]]);
  const bars = accuracyBars([{ name: "g", accuracies: [0.9, 0.5] }], ["a", "b"], 100, "b");
  assert.deepEqual((bars.data[0].error_y as { array: number[] }).array, [100 * binomialStandardError(0.9, 100), 100 * binomialStandardError(0.5, 100)]);
  assert.deepEqual(bars.data[0].text, ["90.00%", "50.00%"]);
});

test("in 中文 the charts' titles, axes and legends, the history's headers and the timing rows come from the catalogue", () => {
  setLanguage("zh");
  const history = { epochs: [{ epoch: 1, loss: 1, acc: 0.5, val_loss: 1.2, val_acc: 0.4, learningRate: 0.001, seconds: 1, imagesPerSecond: 1 }], stoppedEarly: false, backend: "cpu", seconds: 1 };
  assert.deepEqual(historyFrame(history).columns, ["轮次", "损失", "准确率", "验证损失", "验证准确率", "学习率", "用时（秒）", "速度（张/秒）"]);
  const curves = trainingCurves(history, undefined);
  assert.deepEqual(curves.data.map((d) => d.name), ["训练损失", "验证损失", "训练准确率", "验证准确率"]);
  const text = (figure: PlotlyFigure, key: string) => ((figure.layout?.[key] ?? {}) as { text?: string; title?: { text: string } }).text ?? ((figure.layout?.[key] ?? {}) as { title?: { text: string } }).title?.text;
  assert.deepEqual(["title", "xaxis", "yaxis2"].map((key) => text(curves, key)), ["训练曲线", "轮次", "准确率"]);
  const confusion = confusionMatrixFigure({ confusion: [[1, 0], [0, 1]] }, undefined);
  assert.equal(confusion.data[0].hovertemplate, "真实 %{y}，预测 %{x}：%{text}<extra></extra>");
  assert.deepEqual(["title", "xaxis", "yaxis"].map((key) => text(confusion, key)), ["混淆矩阵", "预测", "真实"]);
  const s = { labelsPerClass: 10, epochs: 30, scratch: 0.85, frozen: 0.92, whole: 0.9, scratchSd: 0.01, frozenSd: 0.02, wholeSd: 0.015, wins: 4, seeds: 5, onlyScratch: 3, onlyWhole: 9, pooledP: 0.01 };
  assert.deepEqual(transferFigure([s], "t").data.map((d) => d.name), ["从头训练", "微调（冻结卷积基）", "微调（整个网络）"]);
  assert.deepEqual(overfittingFigure([{ name: "基线", color: "#000", history }], "o").data.slice(0, 2).map((d) => d.name), ["基线 · 训练", "基线 · 验证"]);
  assert.equal(text(accuracyBars([{ name: "g", accuracies: [0.9] }], ["a"], 100, "b"), "yaxis"), "测试准确率（%）");
});

test("batchLossFigure: one line per run over its steps, a dashed chance line at ln(classes), log loss axis; 中文 labels", () => {
  const figure = batchLossFigure([{ name: "0.001", color: "#2ca02c", losses: [2.3, 1.5, 0.9] }, { name: "0.05", losses: [2.3, 9] }], "lr");
  assert.deepEqual(figure.data.map((d) => [d.name, d.x, d.y]), [
    ["0.001", [1, 2, 3], [2.3, 1.5, 0.9]], ["0.05", [1, 2], [2.3, 9]], ["chance: ln 10", [1, 3], [Math.log(10), Math.log(10)]],
  ]);
  assert.deepEqual(figure.data[0].line, { color: "#2ca02c" });
  assert.equal((figure.layout?.yaxis as { type: string }).type, "log");
  assert.deepEqual(batchLossFigure([{ name: "a", losses: [1] }], "t", 5).data[1].y, [Math.log(5), Math.log(5)]);
  setLanguage("zh");
  try {
    const zh = batchLossFigure([{ name: "a", losses: [1, 2] }], "t");
    assert.equal(zh.data[1].name, "随机猜测：ln 10");
    assert.deepEqual([zh.layout?.xaxis, zh.layout?.yaxis].map((a) => (a as { title: { text: string } }).title.text), ["迭代步数", "训练损失（对数坐标）"]);
  } finally {
    setLanguage("en");
  }
});
