// Number formatting for notebook prose and tables.
import assert from "node:assert/strict";
import { test, beforeEach } from "node:test";
import { compareAccuracy } from "../src/model/stats";
import { setLanguage } from "../src/book/i18n";
import { comparisonRow, describeComparison, describeEndLoss, meanSdText, overfitRow, points, pct, pValueText, signedChange, sizeLabel, transferRow } from "../src/book/notebook/format";

beforeEach(() => setLanguage("en"));

test("percentages, signed points, mean ± sd, sizes", () => {
  assert.equal(pct(0.98456), "98.5%");
  assert.equal(pct(0.98456, 2), "98.46%");
  assert.equal(points(0.0123), "+1.2 points");
  assert.equal(points(-0.003), "−0.3 points");
  assert.equal(meanSdText(0.9812, 0.0038, 5), "98.12 ± 0.38");
  assert.equal(meanSdText(0.9812, 0, 1), "98.12");
  assert.equal(sizeLabel(600, 60000), "600 images (1%)");
  assert.equal(sizeLabel(6000, 60000), "6000 images (10%)");
  assert.equal(signedChange(2.3, 0.3), "−2.000");
  assert.equal(signedChange(1, 1.25), "+0.250");
});

test("p-values: four decimals down to 1e-4, then a digit times a power of ten in superscript", () => {
  assert.equal(pValueText(0.38), "0.3800");
  assert.equal(pValueText(2.2e-167), "2·10⁻¹⁶⁷");
  assert.equal(pValueText(1.4e-39), "1·10⁻³⁹");
  assert.equal(pValueText(0), "< 10⁻³⁰⁰");
});

test("a paired comparison in words: noise within two standard errors, else the direction", () => {
  const labels = Array.from({ length: 100 }, (_, i) => i % 10);
  const a = labels.map((l, i) => (i < 20 ? (l + 1) % 10 : l)); // 20 wrong
  const b = labels.map((l, i) => (i < 2 ? (l + 1) % 10 : l)); // 2 wrong: 18 images won
  const c = compareAccuracy(a, b, labels);
  assert.match(describeComparison(c, "helped", "hurt"), /^helped \(\+18\.0 points, .* 18 test images won and 0 lost/);
  assert.match(describeComparison(compareAccuracy(b, a, labels), "helped", "hurt"), /^hurt \(−18\.0 points/);
  const close = compareAccuracy(a, a.map((p, i) => (i === 50 ? (labels[i] + 1) % 10 : p)), labels);
  assert.match(describeComparison(close, "helped", "hurt"), /^made no difference beyond noise \(−1\.0 points/);
  assert.deepEqual(comparisonRow(c), { before: "80.00%", after: "98.00%", difference: "+18.0 points", "standard error": `${(100 * c.standardError).toFixed(2)} points`, "images won / lost": "18 / 0", "McNemar p": +c.pValue.toPrecision(2) });
});

test("end loss against chance (ln 10 ≈ 2.303)", () => {
  assert.equal(describeEndLoss(0.3, 0.9), "ended at a loss of 0.300 with 90.0% validation accuracy");
  assert.equal(describeEndLoss(2.3, 0.1), "ended at a loss of 2.300 — no better than guessing (ln 10 = 2.303) — with 10.0% validation accuracy");
  assert.equal(describeEndLoss(5, 0.1), "ended at a loss of 5.000 — worse than guessing (ln 10 = 2.303) — with 10.0% validation accuracy");
});

test("table rows of the transfer and overfitting experiments", () => {
  const summary = { labelsPerClass: 10, epochs: 30, scratch: 0.85, frozen: 0.92, whole: 0.9, scratchSd: 0.01, frozenSd: 0.02, wholeSd: 0.015, wins: 4, seeds: 5, onlyScratch: 3, onlyWhole: 9, pooledP: 0.00002 };
  assert.deepEqual(transferRow(summary), {
    "labels per class": 10, epochs: 30, "from scratch %": "85.00 ± 1.00", "fine-tuned, frozen base %": "92.00 ± 2.00", "fine-tuned, whole network %": "90.00 ± 1.50",
    "whole beats scratch": "4 of 5", "only scratch right / only whole right": "3 / 9", "p, whole vs scratch": "< 0.0001",
  });
  const log = (epoch: number, acc: number, val_acc: number, val_loss: number) => ({ epoch, loss: 0.1, acc, val_acc, val_loss, seconds: 1, imagesPerSecond: 1 });
  const history = { epochs: [log(1, 0.8, 0.7, 0.9), log(2, 0.95, 0.8, 0.6), log(3, 1, 0.78, 0.7)], stoppedEarly: false, backend: "cpu", seconds: 3 };
  assert.deepEqual(overfitRow("baseline", history, 0.78), {
    variant: "baseline", "epochs run": 3, "best val acc": "80.0% (epoch 2)", "final val acc": "78.0%", "final train acc": "100.0%",
    "train − val gap": "+22.0 points", "val acc of the weights kept": "78.0%", "lowest val loss": "0.6000", "final val loss": "0.7000",
  });
});

test("the words come in the reader's language; the numbers stay as they are", () => {
  setLanguage("zh");
  assert.equal(points(0.0123, 1), "+1.2 个百分点");
  assert.equal(sizeLabel(600, 60000), "600 张图像（1%）");
  assert.equal(describeEndLoss(0.3, 0.9, 10), "最终损失为 0.300，验证准确率 90.0%");
  assert.equal(describeEndLoss(5, 0.1, 10), "最终损失为 5.000——比随机猜测还差（ln 10 = 2.303）——验证准确率 10.0%");
  const labels = Array.from({ length: 100 }, (_, i) => i % 10);
  const c = compareAccuracy(labels.map((l, i) => (i < 20 ? (l + 1) % 10 : l)), labels, labels);
  assert.match(describeComparison(c, "有帮助", "反而有害"), /^有帮助（\+20\.0 个百分点，标准误差 [\d.]+ 个百分点；20 张测试图像由错变对，0 张由对变错；McNemar p = /);
  assert.deepEqual(Object.keys(comparisonRow(c)), ["改动前", "改动后", "差值", "标准误差", "由错变对 / 由对变错（张）", "McNemar p"]);
  const summary = { labelsPerClass: 10, epochs: 30, scratch: 0.85, frozen: 0.92, whole: 0.9, scratchSd: 0.01, frozenSd: 0.02, wholeSd: 0.015, wins: 4, seeds: 5, onlyScratch: 3, onlyWhole: 9, pooledP: 0.00002 };
  assert.equal(transferRow(summary)["整个网络胜过从头训练"], "5 次中 4 次");
  const history = { epochs: [{ epoch: 1, loss: 0.1, acc: 0.9, val_acc: 0.8, val_loss: 0.5, seconds: 1, imagesPerSecond: 1 }], stoppedEarly: false, backend: "cpu", seconds: 1 };
  const row = overfitRow("基线", history, 0.8);
  assert.equal(row["最佳验证准确率"], "80.0%（第 1 轮）");
  assert.equal(row["训练 − 验证差距"], "+10.0 个百分点");
  const english = /[A-Za-z]{2,}/;
  const words = [...Object.keys(transferRow(summary)), ...Object.keys(row), ...Object.values(row).map(String)].filter((w) => english.test(w.replace(/ vs /g, "")));
  assert.deepEqual(words, [], "English words left in the 中文 tables");
});
