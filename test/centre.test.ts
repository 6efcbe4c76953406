import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { centreImagesLikeMnist, centreLikeMnist, head, InvalidArgumentError, loadMnist, loadModel, normalize, predictProbabilities, shiftImages, type Images } from "../src";
import { trainSmallModel } from "./deploy-helpers";

const testSet = head(loadMnist().test, 500);
const one = (i: number): Images<Uint8Array> => ({ data: testSet.images.data.subarray(i * 784, (i + 1) * 784), n: 1, h: 28, w: 28 });
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

test("MNIST test images come back unchanged (MNIST was made this way)", () => {
  let unchanged = 0;
  for (let i = 0; i < testSet.images.n; i++) {
    const prep = centreLikeMnist(testSet.images, i);
    assert.ok(prep.box && Math.max(prep.box.height, prep.box.width) >= 19, `image ${i}: ink box ${JSON.stringify(prep.box)}`);
    if (maxDiff(prep.input.data, one(i).data) === 0) unchanged++;
  }
  assert.ok(unchanged >= 0.99 * testSet.images.n, `${unchanged} of ${testSet.images.n} unchanged`);
});

test("a shifted digit is moved back to where MNIST put it", () => {
  const shifted = shiftImages(one(0), 5, -3);
  assert.notEqual(maxDiff(shifted.data, one(0).data), 0);
  const prep = centreLikeMnist(shifted);
  assert.equal(maxDiff(prep.input.data, one(0).data), 0);
  const original = centreLikeMnist(one(0)).box!;
  assert.deepEqual(prep.box, { ...original, top: original.top - 3, left: original.left + 5 });
});

test("a digit drawn large and off-centre on a big canvas is scaled into 20×20 and centred", () => {
  // Image 0 enlarged 5× (nearest) into the top-left corner of a 280×280 "canvas".
  const big = new Float32Array(280 * 280);
  for (let y = 0; y < 140; y++) for (let x = 0; x < 140; x++) big[y * 280 + x] = one(0).data[Math.floor(y / 5) * 28 + Math.floor(x / 5)];
  const prep = centreLikeMnist({ data: big, n: 1, h: 280, w: 280 });
  assert.equal(Math.max(prep.scaled.h, prep.scaled.w), 20);
  assert.ok(Math.abs(prep.scale - 0.2) < 1e-9, `scale ${prep.scale}`);
  assert.ok(Math.abs(prep.offset.x + prep.centreOfMass.x - 14) <= 0.5 && Math.abs(prep.offset.y + prep.centreOfMass.y - 14) <= 0.5, JSON.stringify(prep));
  // Shrinking 5× by area averaging gives back the original pixels.
  assert.ok(maxDiff(prep.input.data, one(0).data) < 1e-4, `max difference ${maxDiff(prep.input.data, one(0).data)}`);
});

test("a narrow stroke keeps its aspect ratio; no ink gives an empty input", () => {
  const bar = new Float32Array(100 * 100);
  for (let y = 10; y < 90; y++) for (let x = 50; x < 58; x++) bar[y * 100 + x] = 1;
  const prep = centreLikeMnist({ data: bar, n: 1, h: 100, w: 100 });
  assert.deepEqual([prep.scaled.h, prep.scaled.w], [20, 2]);
  const empty = centreLikeMnist({ data: new Float32Array(400), n: 1, h: 20, w: 20 });
  assert.equal(empty.box, null);
  assert.equal(Math.max(...empty.input.data), 0);
  assert.throws(() => centreLikeMnist(one(0), 1), InvalidArgumentError);
  assert.throws(() => shiftImages(one(0), 0.5, 0), InvalidArgumentError);
});

test("centring keeps a trained model's predictions on test images and restores them on shifted ones", async () => {
  const dir = mkdtempSync(join(tmpdir(), "centre-model-"));
  await trainSmallModel(dir);
  const model = await loadModel(dir);
  const argmax = async (images: Images) => {
    const { probs } = await predictProbabilities(model, normalize(images));
    return Array.from({ length: images.n }, (_, i) => probs.subarray(i * 10, i * 10 + 10).indexOf(Math.max(...probs.subarray(i * 10, i * 10 + 10))));
  };
  const original = await argmax(testSet.images);
  const centred = await argmax(centreImagesLikeMnist(testSet.images));
  const same = original.filter((p, i) => p === centred[i]).length;
  assert.ok(same >= 0.995 * original.length, `${same} of ${original.length} predictions unchanged`);
  const shifted = shiftImages(testSet.images, 4, 4);
  const accuracy = (pred: number[]) => pred.filter((p, i) => p === testSet.labels[i]).length / pred.length;
  const [raw, fixed] = [accuracy(await argmax(shifted)), accuracy(await argmax(centreImagesLikeMnist(shifted)))];
  assert.ok(fixed > raw + 0.1, `accuracy on images shifted by (4, 4): ${raw} raw, ${fixed} centred`);
  model.dispose();
});
