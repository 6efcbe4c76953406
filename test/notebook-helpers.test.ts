// Helpers the notebooks and their checkers call: diagrams, model inspection, a digit's centre of mass.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { argmax, buildCnn, layerCounts, useBestBackend, weightChanges, weightSnapshot } from "../src";
import { centreOfMass, flowSvg } from "../src/book";

before(async () => void (await useBestBackend("cpu")));

const img = (n: number, h: number, w: number, f: (i: number) => number) => ({ data: Uint8Array.from({ length: n * h * w }, (_, i) => f(i)), n, h, w });

test("flowSvg draws one box per node and one arrow per edge, escapes text, rejects bad edges", () => {
  const svg = flowSvg("a & b", ["x<1", "y"], [[0, 1]], [[80, 60], [280, 60]]);
  assert.equal(svg.match(/<rect /g)?.length, 2);
  assert.equal(svg.match(/<line /g)?.length, 1);
  assert.match(svg, /a &amp; b/);
  assert.match(svg, /x&lt;1/);
  assert.throws(() => flowSvg("t", ["a"], [[0, 3]], [[0, 0]]), /node indices below 1/);
});

test("layerCounts, argmax", () => {
  const model = buildCnn({ seed: 1 });
  assert.deepEqual(layerCounts(model), { Conv2D: 3, MaxPooling2D: 2, Flatten: 1, Dense: 2 });
  model.dispose();
  assert.equal(argmax([0.1, 0.7, 0.2]), 1);
  assert.equal(argmax([]), -1);
});

test("weightSnapshot/weightChanges see exactly the layers whose weights changed", () => {
  const model = buildCnn({ seed: 1 });
  const before = weightSnapshot(model);
  const dense = model.getLayer("dense1");
  dense.setWeights(dense.getWeights().map((w) => tf.tidy(() => w.add(0.5))));
  const changes = weightChanges(before, weightSnapshot(model));
  assert.ok(Math.abs(changes.dense1 - 0.5) < 1e-6);
  assert.equal(changes.conv1, 0);
  assert.equal(changes.pool1, 0);
  model.dispose();
});

test("centreOfMass: the ink-weighted mean position; NaN for a blank image", () => {
  const dot = img(1, 28, 28, (i) => (i === 5 * 28 + 9 ? 255 : 0));
  assert.deepEqual(centreOfMass(dot), [5, 9]);
  const pair = img(1, 28, 28, (i) => (i === 2 * 28 + 2 || i === 4 * 28 + 6 ? 100 : 0));
  assert.deepEqual(centreOfMass(pair), [3, 4]);
  assert.ok(centreOfMass(img(1, 28, 28, () => 0)).every(Number.isNaN));
});

