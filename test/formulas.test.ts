import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../src";
import { adamInit, adamStep, binaryCrossEntropy, categoricalCrossEntropy, crossEntropy, denseForward, matVec, mse, relu, sgdStep, sigmoid, softmax, sparseCategoricalCrossEntropy, tanh, type AdamVariant } from "../src/book";
import golden from "./fixtures/formulas.json";

/** |a − b| ≤ abs + rel·|b| element-wise, with a message naming the first mismatch. */
function near(actual: number | number[], expected: number | number[], rel = 1e-12, abs = 1e-15, what = ""): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  assert.equal(a.length, e.length, `${what}: length`);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= abs + rel * Math.abs(e[i]), `${what}[${i}]: ${v} vs golden ${e[i]}`));
}

test("activations match numpy, including far tails without overflow", () => {
  const { z } = golden.activations;
  near(z.map(sigmoid), golden.activations.sigmoid, 1e-12, 1e-300, "sigmoid");
  near(z.map(tanh), golden.activations.tanh, 1e-15, 0, "tanh");
  near(z.map(relu), golden.activations.relu, 0, 0, "relu");
  assert.ok(sigmoid(-745) > 0 && sigmoid(-745) < 1e-300, "stable form keeps tiny positive values");
  // the article's printed values are far from these
  assert.ok(Math.abs(sigmoid(13) - 0.852) > 0.1 && Math.abs(sigmoid(18) - 0.954) > 0.04);
});

test("softmax matches numpy's log-sum-exp form and survives huge logits", () => {
  for (const { z, p } of golden.softmax) near(softmax(z), p, 1e-12, 1e-300, `softmax(${z})`);
  const p = softmax([1000, 1001, 1002]);
  assert.ok(p.every(Number.isFinite));
  near(p.reduce((s, v) => s + v, 0), 1, 1e-15, 0, "sum");
  assert.throws(() => softmax([]), InvalidArgumentError);
  assert.throws(() => softmax([1, Number.NaN]), /softmax z: expected finite numbers, found NaN at index 1/);
});

test("dense layer σ(Wx+b) on the article's §4.1 example gives [5,11,17] → [6,13,20]", () => {
  const { W, x, b } = golden.dense;
  const out = denseForward(W, x, b);
  assert.deepEqual(out.product, golden.dense.product);
  assert.deepEqual(out.preActivation, golden.dense.preActivation);
  near(out.output, golden.dense.sigmoid, 1e-14, 0, "σ");
  assert.notDeepEqual(out.product, [7, 11, 15], "the article's W·x");
  assert.deepEqual(denseForward(W, x, b, relu).output, [6, 13, 20]);
  assert.throws(() => matVec([[1, 2, 3]], [1, 2]), /W row 0: expected 2 columns \(the length of x\), found 3/);
  assert.throws(() => denseForward(W, x, [1, 2]), /b: expected length 3/);
});

test("MSE and cross-entropies match numpy; mean and sum differ by the sample count", () => {
  near(mse(golden.losses.mse.y, golden.losses.mse.yHat), golden.losses.mse.value, 1e-15, 0, "mse");
  const { y, p } = golden.losses.article;
  near(crossEntropy(y, p), golden.losses.article.crossEntropy, 1e-14, 0, "article formula, ln");
  near(binaryCrossEntropy(y, p), golden.losses.article.binaryMean, 1e-14, 0, "BCE mean");
  near(binaryCrossEntropy(y, p, "sum"), golden.losses.article.binarySum, 1e-14, 0, "BCE sum");
  near(binaryCrossEntropy(y, p, "sum") / binaryCrossEntropy(y, p, "mean"), y.length, 1e-14, 0, "sum/mean");
  assert.ok(crossEntropy(y, p) > 0, "a loss of probabilities ≤ 1 is never negative (the article prints −0.579)");
  const { Y, P, labels } = golden.losses.categorical;
  near(categoricalCrossEntropy(Y, P), golden.losses.categorical.mean, 1e-14, 0, "CCE mean");
  near(categoricalCrossEntropy(Y, P, "sum"), golden.losses.categorical.sum, 1e-14, 0, "CCE sum");
  near(sparseCategoricalCrossEntropy(labels, P), golden.losses.categorical.mean, 1e-14, 0, "sparse CCE");
  assert.equal(binaryCrossEntropy([1, 0], [1, 0]), 0, "perfect predictions: no 0·ln 0 = NaN");
  assert.equal(crossEntropy([1], [0]), Number.POSITIVE_INFINITY);
});

test("loss inputs are validated with typed errors", () => {
  assert.throws(() => mse([1, 2], [1]), /yHat: expected length 2 \(the length of y\), found length 1/);
  assert.throws(() => binaryCrossEntropy([1], [1.2]), /p: expected probabilities in \[0, 1\], found 1.2 at index 0/);
  assert.throws(() => binaryCrossEntropy([1], [0.5], "avg" as "mean"), /reduction: expected "mean" or "sum", found "avg"/);
  assert.throws(() => sparseCategoricalCrossEntropy([3], [[0.5, 0.5]]), /labels\[0\]: expected an integer class in \[0, 2\), found 3/);
  assert.throws(() => categoricalCrossEntropy([], []), InvalidArgumentError);
});

test("SGD and the three Adam variants follow numpy step by step", () => {
  const o = golden.optimizers;
  let theta = o.theta0;
  o.grads.forEach((g, i) => {
    theta = sgdStep(theta, g, o.learningRate);
    near(theta, o.sgd[i], 1e-14, 1e-15, `sgd step ${i + 1}`);
  });
  for (const variant of ["article", "algorithm1", "epsilonHat"] as AdamVariant[]) {
    let state = adamInit(o.theta0.length);
    theta = o.theta0;
    o.grads.forEach((g, i) => {
      ({ theta, state } = adamStep(theta, g, state, { learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon, variant }));
      near(theta, o.adam[variant].path[i], 1e-13, 1e-15, `${variant} step ${i + 1}`);
    });
    near(state.m, o.adam[variant].m, 1e-13, 1e-16, `${variant} m`);
    near(state.v, o.adam[variant].v, 1e-13, 1e-18, `${variant} v`);
    assert.equal(state.t, o.grads.length);
  }
  // Without bias correction the first step is (1−β1)/√(1−β2) ≈ 3.16 times the corrected one (which is α).
  const first = (variant: AdamVariant) => o.theta0[0] - adamStep(o.theta0, o.grads[0], adamInit(3), { learningRate: o.learningRate, variant }).theta[0];
  near(first("article") / first("algorithm1"), (1 - 0.9) / Math.sqrt(1 - 0.999), 1e-4, 0, "first-step ratio");
  assert.throws(() => adamStep([1], [1, 2], adamInit(1)), /grad: expected length 1/);
  assert.throws(() => adamStep([1], [1], adamInit(1), { variant: "amsgrad" as AdamVariant }), /variant: expected/);
});

test("tf.train.sgd and tf.train.adam compute what sgdStep and adamStep(algorithm1) compute", async () => {
  await tf.setBackend("cpu");
  const o = golden.optimizers;
  const before = tf.memory().numTensors;
  const run = (optimizer: tf.Optimizer): number[][] => {
    const theta = tf.tidy(() => tf.variable(tf.tensor1d(o.theta0)));
    const path = o.grads.map((g) => {
      tf.tidy(() => optimizer.applyGradients({ [theta.name]: tf.tensor1d(g) }));
      return Array.from(theta.dataSync());
    });
    theta.dispose();
    optimizer.dispose();
    return path;
  };
  run(tf.train.sgd(o.learningRate)).forEach((p, i) => near(p, o.sgd[i], 1e-6, 1e-7, `tf sgd ${i + 1}`));
  run(tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon)).forEach((p, i) => near(p, o.adam.algorithm1.path[i], 1e-6, 1e-7, `tf adam ${i + 1}`));
  // and not the article's formula: after one step they differ by far more than float32 noise
  const tfFirst = run(tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon))[0];
  assert.ok(Math.abs(tfFirst[0] - o.adam.article.path[0][0]) > 1e-3);
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
});

test("tfjs's activations, softmax and losses compute what numpy computes (float32)", async () => {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const values = (f: () => tf.Tensor): number[] => tf.tidy(() => Array.from(f().dataSync()));
  const z = golden.activations.z.filter((v) => Math.abs(v) <= 40);
  const at = (name: "sigmoid" | "tanh" | "relu") => z.map((v) => golden.activations[name][golden.activations.z.indexOf(v)]);
  near(values(() => tf.sigmoid(z)), at("sigmoid"), 1e-6, 1e-7, "tf.sigmoid");
  near(values(() => tf.tanh(z)), at("tanh"), 1e-6, 1e-7, "tf.tanh");
  near(values(() => tf.relu(z)), at("relu"), 1e-6, 1e-6, "tf.relu");
  for (const { z: logits, p } of golden.softmax) near(values(() => tf.softmax(logits)), p, 1e-6, 1e-7, `tf.softmax(${logits})`);
  const { mse: m, article, categorical } = golden.losses;
  near(values(() => tf.losses.meanSquaredError(m.y, m.yHat)), [m.value], 1e-6, 0, "tf.losses.meanSquaredError");
  const [y, p] = [tf.tensor1d(article.y), tf.tensor1d(article.p)];
  near(values(() => tf.metrics.binaryCrossentropy(y, p)), [article.binaryMean], 1e-6, 0, "tf.metrics.binaryCrossentropy (mean)");
  near(values(() => tf.losses.logLoss(y, p, undefined, 0)), [article.binaryMean], 1e-6, 0, "tf.losses.logLoss (mean by default)");
  near(values(() => tf.losses.logLoss(y, p, undefined, 0, tf.Reduction.SUM)), [article.binarySum], 1e-6, 0, "tf.losses.logLoss (sum)");
  tf.dispose([y, p]);
  const [Y, P] = [tf.tensor2d(categorical.Y), tf.tensor2d(categorical.P)];
  near(values(() => tf.mean(tf.metrics.categoricalCrossentropy(Y, P))), [categorical.mean], 1e-6, 0, "tf.metrics.categoricalCrossentropy");
  near(values(() => tf.losses.softmaxCrossEntropy(Y, tf.log(P))), [categorical.mean], 1e-6, 0, "tf.losses.softmaxCrossEntropy on log-probabilities");
  tf.dispose([Y, P]);
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
});
