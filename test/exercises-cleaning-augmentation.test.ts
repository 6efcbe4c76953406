// The checkers of notebooks 03 and 04: each answers the unedited exercise with a hint and accepts the
// solution, without Jupyter (the notebook test runs the same cells in the kernel).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ImageDataGenerator, fitStandardization, head, loadMnist, medianFilter, normalize, validateImages } from "../src";
import { EXERCISES } from "../src/book/exercises";

const mnist = loadMnist();
const verdict = async (id: string, attempt: unknown) => EXERCISES[id](attempt);

test("03.1: a 3×3 window gets a hint, the 5×5 window passes", async () => {
  const ten = head(mnist.test, 10).images;
  assert.equal((await verdict("03.1", { before: ten, after: medianFilter(ten, 3) })).ok, false);
  assert.equal((await verdict("03.1", { before: ten, after: medianFilter(ten, 5) })).ok, true);
  assert.equal((await verdict("03.1", { before: ten, after: medianFilter(ten, 7) })).ok, false);
});

test("03.2: nothing flagged and too much flagged get hints, a handful of thin digits passes", async () => {
  const { images, labels } = mnist.train;
  const flagged = (minInkPixels: number) => verdict("03.2", { report: validateImages(images, labels, { minInkPixels }), labels });
  assert.equal((await flagged(10)).ok, false);
  assert.equal((await flagged(60)).ok, false);
  const ok = await flagged(40);
  assert.equal(ok.ok, true);
  assert.match(ok.ok ? ok.seen : "", /flags 17 training images \(digits: 1\)/);
});

test("03.3: test-set statistics get a hint, the training set's pass", async () => {
  const training = normalize(head(mnist.train, 500).images), testX = normalize(head(mnist.test, 500).images);
  assert.equal((await verdict("03.3", { stats: fitStandardization(testX), training, test: testX })).ok, false);
  assert.equal((await verdict("03.3", { stats: fitStandardization(training), training, test: testX })).ok, true);
});

test("04.1: shear 0.1° gets a hint, 20° passes", async () => {
  assert.equal((await verdict("04.1", new ImageDataGenerator({ shearRange: 0.1 }))).ok, false);
  assert.equal((await verdict("04.1", new ImageDataGenerator({ shearRange: 20 }))).ok, true);
});

test("04.2: widthShiftRange (which Keras applies to rows) gets a hint, heightShiftRange passes", async () => {
  const hint = await verdict("04.2", new ImageDataGenerator({ widthShiftRange: 0.1, fillMode: "constant", seed: 1 }));
  assert.equal(hint.ok, false);
  assert.match(hint.ok ? "" : hint.hint, /up and down/);
  assert.equal((await verdict("04.2", new ImageDataGenerator({ heightShiftRange: 0.1, fillMode: "constant", seed: 1 }))).ok, true);
  assert.equal((await verdict("04.2", new ImageDataGenerator({ heightShiftRange: 0.3, fillMode: "constant", seed: 1 }))).ok, false, "more than 10% of the width");
});

test("04.3: small rotations get a hint, rotations up to 180° pass", async () => {
  const sixes = { data: new Float32Array(20 * 784), n: 20, h: 28, w: 28 };
  const params = (rotationRange: number) => new ImageDataGenerator({ rotationRange, seed: 3 }).randomTransform(sixes).params;
  assert.equal((await verdict("04.3", params(10))).ok, false);
  assert.equal((await verdict("04.3", params(180))).ok, true);
});
