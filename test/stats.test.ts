// Standard errors and the paired (McNemar) comparison of two models' accuracies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { binomialStandardError, compareAccuracy, InvalidArgumentError, signTestPValue } from "../src";

test("binomialStandardError: √(p(1−p)/n)", () => {
  assert.ok(Math.abs(binomialStandardError(0.98, 10000) - 0.0014) < 1e-12);
  assert.equal(binomialStandardError(0.5, 100), 0.05);
  assert.equal(binomialStandardError(1, 10), 0);
  assert.throws(() => binomialStandardError(0.5, 0), InvalidArgumentError);
  assert.throws(() => binomialStandardError(1.5, 10), InvalidArgumentError);
});

test("signTestPValue: exact two-sided binomial(n, 1/2) tail", () => {
  // 2·P(X ≤ 1 | n = 6) = 2·(1 + 6)/64
  assert.ok(Math.abs(signTestPValue(1, 6) - 14 / 64) < 1e-12);
  assert.ok(Math.abs(signTestPValue(5, 6) - 14 / 64) < 1e-12);
  assert.equal(signTestPValue(3, 6), 1); // a balanced split: capped at 1
  assert.equal(signTestPValue(0, 0), 1);
  // 2·P(X ≤ 0 | n = 10) = 2/1024
  assert.ok(Math.abs(signTestPValue(0, 10) - 2 / 1024) < 1e-15);
  // Larger n, summed in log space: scipy.stats.binomtest(40, 120, 0.5).pvalue (scipy 1.10)
  assert.ok(Math.abs(signTestPValue(40, 120) - 0.00033040001839131815) < 1e-15);
  assert.ok(Math.abs(signTestPValue(80, 120) - 0.00033040001839131815) < 1e-15);
  assert.throws(() => signTestPValue(7, 6), InvalidArgumentError);
});

test("compareAccuracy: paired accuracies, discordant counts, difference and its standard error", () => {
  const labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const a = [0, 1, 2, 3, 4, 5, 6, 0, 0, 0]; // 7 right
  const b = [0, 1, 2, 3, 4, 5, 0, 7, 8, 0]; // 8 right: loses 6, wins 7 and 8
  const r = compareAccuracy(a, b, labels);
  assert.equal(r.n, 10);
  assert.equal(r.accuracyA, 0.7);
  assert.equal(r.accuracyB, 0.8);
  assert.ok(Math.abs(r.difference - 0.1) < 1e-12);
  assert.equal(r.onlyA, 1);
  assert.equal(r.onlyB, 2);
  // d = (+1, +1, −1, 0…): mean 0.1, E[d²] = 0.3 → SE = √((0.3 − 0.01)/10)
  assert.ok(Math.abs(r.standardError - Math.sqrt(0.029)) < 1e-12);
  assert.ok(Math.abs(r.pValue - 1) < 1e-12); // 2·P(X ≤ 1 | n = 3) = 2·4/8 = 1
  const same = compareAccuracy(a, a, labels);
  assert.equal(same.difference, 0);
  assert.equal(same.standardError, 0);
  assert.equal(same.pValue, 1);
  assert.throws(() => compareAccuracy(a.slice(1), b, labels), InvalidArgumentError);
  assert.throws(() => compareAccuracy([], [], []), InvalidArgumentError);
});

test("mean and sampleSd (n − 1), hand-computed; accuracyOf; beyondNoise at two standard errors", async () => {
  const { mean, sampleSd, accuracyOf, beyondNoise } = await import("../src/model/stats");
  assert.equal(mean([2, 4, 4, 4, 5, 5, 7, 9]), 5);
  assert.ok(Math.abs(sampleSd([2, 4, 4, 4, 5, 5, 7, 9]) - Math.sqrt(32 / 7)) < 1e-12);
  assert.equal(sampleSd([3]), 0);
  assert.throws(() => mean([]), InvalidArgumentError);
  assert.equal(accuracyOf([1, 2, 3, 4], [1, 0, 3, 0]), 0.5);
  assert.throws(() => accuracyOf([1, 2], [1, 2, 3]), InvalidArgumentError);
  assert.equal(beyondNoise({ difference: 0.02, standardError: 0.01 }), true);
  assert.equal(beyondNoise({ difference: -0.019, standardError: 0.01 }), false);
  assert.equal(beyondNoise({ difference: 0, standardError: 0 }), false);
});
