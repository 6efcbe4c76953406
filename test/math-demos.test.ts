// The §4 worked examples the exercise checkers replay: a tfjs optimizer's path, the valley.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { useBestBackend } from "../src";
import { optimizerPath, valley } from "../src/book";
import { sgdStep } from "../src/book/article/formulas";

before(async () => void (await useBestBackend("cpu")));

test("optimizerPath follows tf.train.sgd step by step, as formulas.ts's sgdStep computes, and leaks nothing", () => {
  const start = tf.memory().numTensors;
  const grads = [[0.1, -0.3], [0.2, 0.1], [-0.05, 0.4]];
  const path = optimizerPath(tf.train.sgd(0.5), [1, -2], grads);
  let theta = [1, -2];
  grads.forEach((g, t) => {
    theta = sgdStep(theta, g, 0.5);
    path[t].forEach((v, i) => assert.ok(Math.abs(v - theta[i]) < 1e-6, `step ${t + 1}, θ${i}: ${v} vs ${theta[i]}`));
  });
  assert.equal(tf.memory().numTensors, start);
});

test("the valley is ½(x² + 25y²): long along x, steep across y", () => {
  assert.equal(valley(0, 0), 0);
  assert.equal(valley(2, 0), 2);
  assert.equal(valley(0, 2), 50);
});
