// The §4 worked-example helpers of notebook 05: tfjs optimizer paths against formulas.ts, the valley, Adam's bias ratio.
import assert from "node:assert/strict";
import { before, test, beforeEach } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { useBestBackend } from "../src";
import { adamBiasRatio, adamBiasRatioPeak, adamInit, adamStep, formulaPath, formulaTrajectory, inverseSigmoid, lossRow, maxPathGap, optimizerPath, shearDisplacement, sigmoid, significant, tensorValues, setLanguage, valley, valleyGrad, valleyTrajectory } from "../src/book";

beforeEach(() => setLanguage("en"));

before(async () => void (await useBestBackend("cpu")));

test("inverseSigmoid undoes sigmoid and rejects non-probabilities", () => {
  for (const z of [-4, -0.5, 0, 1.75, 3]) assert.ok(Math.abs(inverseSigmoid(sigmoid(z)) - z) < 1e-12, `z = ${z}`);
  assert.throws(() => inverseSigmoid(1), /strictly between 0 and 1/);
});

test("optimizerPath follows tf.train.sgd, equal to formulas.ts sgd, and leaks nothing", () => {
  const start = tf.memory().numTensors;
  const grads = [[0.1, -0.3], [0.2, 0.1], [-0.05, 0.4]];
  const tfPath = optimizerPath(tf.train.sgd(0.5), [1, -2], grads);
  assert.deepEqual(tfPath[0].map((v) => significant(v, 6)), [0.95, -1.85]);
  assert.ok(maxPathGap(tfPath, formulaPath({ sgd: 0.5 }, [1, -2], grads)) < 1e-6);
  assert.equal(tf.memory().numTensors, start);
});

test("maxPathGap: largest difference, Infinity for different shapes", () => {
  assert.equal(maxPathGap([[1, 2], [3, 4]], [[1, 2.5], [3, 3]]), 1);
  assert.equal(maxPathGap([[1]], [[1], [2]]), Infinity);
});

test("the valley, its gradient, and trajectories by tfjs and formulas.ts", () => {
  assert.equal(valley(2, 1), 0.5 * (4 + 25));
  assert.deepEqual(valleyGrad(2, 1), [2, 25]);
  const start = tf.memory().numTensors;
  const tfAdam = valleyTrajectory(tf.train.adam(0.1), [-4.5, 2], 30);
  const ours = formulaTrajectory({ learningRate: 0.1, variant: "algorithm1" }, [-4.5, 2], 30, (th) => valleyGrad(th[0], th[1]));
  assert.equal(tfAdam.length, 31);
  assert.ok(maxPathGap(tfAdam, ours) < 1e-4, `gap ${maxPathGap(tfAdam, ours)}`);
  assert.ok(valley(tfAdam[30][0], tfAdam[30][1]) < valley(-4.5, 2));
  valleyTrajectory(tf.train.momentum(0.02, 0.9), [-4.5, 2], 3);
  assert.equal(tf.memory().numTensors, start);
});

test("adamBiasRatio is the article's step ÷ the corrected one, computed by adamStep", () => {
  let article = adamInit(1), corrected = adamInit(1), a = [0], c = [0];
  for (let t = 1; t <= 20; t++) {
    const prevA = a[0], prevC = c[0];
    ({ theta: a, state: article } = adamStep(a, [1], article, { learningRate: 1, epsilon: 0, variant: "article" }));
    ({ theta: c, state: corrected } = adamStep(c, [1], corrected, { learningRate: 1, epsilon: 0, variant: "algorithm1" }));
    assert.ok(Math.abs((a[0] - prevA) / (c[0] - prevC) - adamBiasRatio(t)) < 1e-9, `t = ${t}`);
  }
  assert.ok(Math.abs(adamBiasRatio(1) - Math.sqrt(10)) < 1e-12);
  assert.equal(adamBiasRatio(2).toFixed(2), "4.25");
  const peak = adamBiasRatioPeak(3000);
  assert.equal(peak.step, 12);
  assert.equal(peak.ratio.toFixed(2), "6.57");
  assert.throws(() => adamBiasRatio(0), /step number/);
});

test("shearDisplacement: 14·tan θ", () => {
  assert.ok(Math.abs(shearDisplacement((0.1 * Math.PI) / 180) - 0.02443) < 1e-5);
  assert.ok(Math.abs(shearDisplacement(Math.PI / 4, 10) - 10) < 1e-12);
});

test("lossRow rounds numbers to 6 digits and keeps text", () => {
  assert.deepEqual(lossRow("q", "a", 1 / 3, "—", "n"), { quantity: "q", article: "a", "formulas.ts": 0.333333, tfjs: "—", note: "n" });
  assert.equal(lossRow("q", "a", 1, 2 / 3, "n").tfjs, 0.666667);
});

test("lossRow names its columns in the notebook's language", () => {
  assert.deepEqual((setLanguage("zh"), Object.keys(lossRow("q", "a", 1, 2, "n"))), ["数值", "原文", "formulas.ts", "tfjs", "说明"]);
});

test("tensorValues reads and disposes", () => {
  const t = tf.tensor1d([1, 2, 3]);
  assert.deepEqual(tensorValues(t), [1, 2, 3]);
  assert.ok(t.isDisposed);
});
