// Notebook 05's exercise checkers: ✓ for a right answer, and the hint that names the mistake for each
// wrong one a learner is likely to make.
import assert from "node:assert/strict";
import { before, beforeEach, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { EXERCISES_05 } from "../src/book/exercises/05-math";
import { setLanguage } from "../src/book";
import type { ExerciseVerdict } from "../src/book/exercises/checker";

before(async () => void (await tf.setBackend("cpu")));
beforeEach(() => setLanguage("en"));

const check = async (id: string, attempt: unknown): Promise<ExerciseVerdict> => EXERCISES_05[id](attempt);
const hint = async (id: string, attempt: unknown): Promise<string> => {
  const verdict = await check(id, attempt);
  assert.equal(verdict.ok, false, `expected a hint for ${String(attempt)}`);
  return (verdict as { hint: string }).hint;
};

test("05.1: the binary cross-entropy of the article's example passes; each usual mistake gets its hint", async () => {
  const terms = [Math.log(0.6), Math.log(0.6), Math.log(0.7), Math.log(0.7)];
  const mean = -terms.reduce((s, v) => s + v, 0) / 4;
  assert.equal((await check("05.1", mean)).ok, true);
  assert.match(await hint("05.1", -(0.223 + 0.356)), /is negative/);
  assert.match(await hint("05.1", -(Math.log(0.6) + Math.log(0.7))), /samples labelled 0 are missing/);
  assert.match(await hint("05.1", 4 * mean), /the sum over the 4 samples/);
  assert.match(await hint("05.1", mean / Math.LN10), /base-10 logarithm/);
  assert.match(await hint("05.1", 0.5), /expected −\(1\/n\)/);
  assert.match(await hint("05.1", "0.43"), /a finite number/);
});

type Moments = { m: number[]; v: number[]; t: number };
const adam = (corrected: boolean) => (theta: number[], g: number[], s: Moments, lr: number): number[] => {
  s.t += 1;
  s.m = s.m.map((m, i) => 0.9 * m + 0.1 * g[i]);
  s.v = s.v.map((v, i) => 0.999 * v + 0.001 * g[i] ** 2);
  const [c1, c2] = corrected ? [1 - 0.9 ** s.t, 1 - 0.999 ** s.t] : [1, 1];
  return theta.map((p, i) => p - (lr * s.m[i] / c1) / (Math.sqrt(s.v[i] / c2) + 1e-7));
};

test("05.2: the bias-corrected update equals tf.train.adam; the article's update, a half fix and a non-function get hints", async () => {
  const start = tf.memory().numTensors;
  assert.equal((await check("05.2", adam(true))).ok, true);
  assert.match(await hint("05.2", adam(false)), /3\.16 times/);
  const onlyM = (theta: number[], g: number[], s: Moments, lr: number) => {
    s.t += 1;
    s.m = s.m.map((m, i) => 0.9 * m + 0.1 * g[i]);
    s.v = s.v.map((v, i) => 0.999 * v + 0.001 * g[i] ** 2);
    return theta.map((p, i) => p - (lr * s.m[i] / (1 - 0.9 ** s.t)) / (Math.sqrt(s.v[i]) + 1e-7));
  };
  assert.match(await hint("05.2", onlyM), /^step 1 differs from tf\.train\.adam's/);
  assert.match(await hint("05.2", () => [Number.NaN]), /one finite number per parameter/);
  assert.match(await hint("05.2", 42), /pass the function itself/);
  assert.equal(tf.memory().numTensors, start, "no tensor leaks");
});

/** Plain SGD on f = ½(x² + 25y²) from (−4.5, 2), as notebook 05's descend(tf.train.sgd(α)). */
const sgdPath = (alpha: number, steps = 120): number[][] => {
  const path = [[-4.5, 2]];
  for (let i = 0; i < steps; i++) path.push([path[i][0] * (1 - alpha), path[i][1] * (1 - 25 * alpha)]);
  return path;
};

test("05.3: a tuned learning rate passes; too small, too close to 2/25, diverging and a wrong path get hints", async () => {
  assert.equal((await check("05.3", sgdPath(0.06))).ok, true);
  assert.match(await hint("05.3", sgdPath(0.02)), /most of it along x/);
  assert.match(await hint("05.3", sgdPath(0.079)), /most of it across the valley/);
  assert.match(await hint("05.3", sgdPath(0.09)), /diverged/);
  assert.match(await hint("05.3", sgdPath(0.06, 60)), /keep descend's 120 steps/);
  assert.match(await hint("05.3", [1, 2, 3]), /pass the path/);
});
