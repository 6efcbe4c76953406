// Helpers the notebooks call: diagrams, model inspection, nearest-mean, random shifts, transform measurements,
// stream inspection, filter effects, the article's np.where traced, and reading back a served model.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { argmax, buildCnn, ImageDataGenerator, layerCounts, medianFilter, useBestBackend, weightChanges, weightSnapshot } from "../src";
import { articleOutlierRemoval, centreOfMass, countFlow, filterEffect, firstBatch, flowSvg, indexWithWhere, meanShift, nearestMeanAccuracy, npWhere, numpyIndexError, randomlyShifted, within } from "../src/book";

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

test("nearestMeanAccuracy labels each image by the closest mean", () => {
  const means = { data: Float32Array.from([0, 0, 10, 10]), n: 2, h: 1, w: 2 };
  const images = img(3, 1, 2, (i) => [1, 0, 9, 9, 6, 6][i]);
  assert.equal(nearestMeanAccuracy(images, [0, 1, 1], means), 1);
  assert.equal(nearestMeanAccuracy(images, [0, 1, 0], means), 2 / 3);
  assert.equal(nearestMeanAccuracy(images, [1, 1, 1], means, 1), 0);
});

test("randomlyShifted moves whole images by at most maxShift, repeats edges, and is seeded", () => {
  const one = img(1, 5, 5, (i) => (i === 12 ? 200 : 0));
  const a = randomlyShifted(one, { maxShift: 1, seed: 3 }), b = randomlyShifted(one, { maxShift: 1, seed: 3 });
  assert.deepEqual(a.data, b.data);
  const at = a.data.indexOf(200);
  assert.ok(Math.abs(Math.floor(at / 5) - 2) <= 1 && Math.abs((at % 5) - 2) <= 1);
  const shifts = new Set(Array.from({ length: 40 }, (_, s) => randomlyShifted(one, { maxShift: 1, seed: s }).data.indexOf(200)));
  assert.ok(shifts.size >= 5, `${shifts.size} distinct positions`);
  const edge = randomlyShifted(img(1, 1, 3, (i) => [7, 8, 9][i]), { maxShift: 1, seed: 1 });
  assert.ok(edge.data.every((v) => v >= 7 && v <= 9));
  assert.throws(() => randomlyShifted(one, { maxShift: 1.5, seed: 0 }), /non-negative integer/);
});

test("centreOfMass, meanShift and within", () => {
  const dot = img(1, 28, 28, (i) => (i === 5 * 28 + 9 ? 255 : 0));
  assert.deepEqual(centreOfMass(dot), [5, 9]);
  const blob = img(1, 28, 28, (i) => (Math.abs(Math.floor(i / 28) - 14) < 4 && Math.abs((i % 28) - 14) < 4 ? 255 : 0));
  const still = meanShift({}, blob, 1, 20);
  assert.ok(still.rows < 1e-9 && still.columns < 1e-9);
  const moved = meanShift({ widthShiftRange: 0.1, heightShiftRange: 0.1 }, blob, 1, 50);
  assert.ok(moved.rows > 0.5 && moved.columns > 0.5, JSON.stringify(moved));
  assert.deepEqual(within([1, -2, 3], -2, 3), { min: -2, max: 3, ok: true });
  assert.equal(within([1, 4], 0, 3).ok, false);
  assert.equal(within([], 0, 1).ok, false);
});

test("countFlow sees every image once; firstBatch reads shapes and leaks nothing", async () => {
  const split = { images: img(70, 28, 28, (i) => i % 256), labels: Uint8Array.from({ length: 70 }, (_, i) => i % 10) };
  const generator = new ImageDataGenerator({ rotationRange: 5, seed: 1 });
  assert.deepEqual(await countFlow(generator, split, { batchSize: 32, seed: 1 }), { batches: 3, seen: 70 });
  const start = tf.memory().numTensors;
  const batch = await firstBatch(generator.dataset(split.images, split.labels, { batchSize: 32, seed: 1 }));
  assert.deepEqual(batch, { xsShape: [32, 28, 28, 1], ysShape: [32, 1], xsDtype: "float32", ysDtype: "float32" });
  assert.equal(tf.memory().numTensors, start);
});

test("filterEffect counts changed pixels and kept ink per image and digit", () => {
  const before = img(2, 1, 4, (i) => [10, 10, 0, 0, 4, 4, 4, 4][i]);
  const after = img(2, 1, 4, (i) => [10, 0, 0, 0, 4, 4, 4, 4][i]);
  const e = filterEffect(before, after, Uint8Array.from([3, 7]));
  assert.equal(e.pixelsChangedFraction, 1 / 8);
  assert.equal(e.inkMassRetainedMean, 0.75);
  assert.deepEqual(e.inkMassRetainedByDigit, { 3: 0.5, 7: 1 });
  assert.deepEqual(e.worstImage, { index: 0, label: 3, massRetained: 0.5 });
  assert.equal(e.imagesLosingOver20PercentInk, 1);
  assert.deepEqual([e.inkPixelsBefore, e.inkPixelsAfter], [6, 5]);
  assert.deepEqual(e.changedPerImage, [1, 0]);
  assert.throws(() => filterEffect(before, after, Uint8Array.from([1])), /2 labels/);
  const median = medianFilter(img(1, 5, 5, (i) => (i === 12 ? 255 : 0)));
  assert.equal(filterEffect(img(1, 5, 5, (i) => (i === 12 ? 255 : 0)), median, Uint8Array.from([1])).inkMassRetainedTotal, 0);
});

test("npWhere and indexing trace numpy: coordinates per axis, a flat pixel list, an IndexError on 1-D labels", () => {
  const tiny = img(2, 2, 2, (i) => [0, 255, 7, 9, 1, 2, 3, 250][i]);
  const where = npWhere(tiny, (v) => v > 5);
  assert.deepEqual(where, [[0, 0, 0, 1], [0, 1, 1, 1], [1, 0, 1, 1]]);
  assert.deepEqual(indexWithWhere(tiny, where), [255, 7, 9, 250]);
  assert.equal(numpyIndexError(1, 3), "IndexError: too many indices for array: array is 1-dimensional, but 3 were indexed");
  assert.equal(numpyIndexError(3, 3), undefined);
  assert.deepEqual(articleOutlierRemoval(tiny), { inputShape: [2, 2, 2], maskAllTrue: true, whereReturnsArrays: 3, imagesAfterShape: [8], labelsError: numpyIndexError(1, 3) });
});
