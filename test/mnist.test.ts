import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { DatasetError, IdxFormatError, UnavailableError, bundledMnistDir, head, labelCounts, loadMnist, pick } from "../src";
import { idxBytes, tinyMnist } from "./helpers";

test("the bundled MNIST has the published sizes, first labels and class counts", () => {
  const m = loadMnist({ dir: bundledMnistDir() });
  assert.deepEqual([m.train.images.n, m.train.images.h, m.train.images.w], [60000, 28, 28]);
  assert.deepEqual([m.test.images.n, m.test.images.h, m.test.images.w], [10000, 28, 28]);
  assert.ok(m.train.images.data instanceof Uint8Array);
  assert.deepEqual(Array.from(m.train.labels.subarray(0, 8)), [5, 0, 4, 1, 9, 2, 1, 3]);
  assert.deepEqual(Array.from(m.test.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
  assert.deepEqual(labelCounts(m.train.labels), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(labelCounts(m.test.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  // Fingerprints of the pixels themselves, so a changed copy of the data cannot pass silently.
  assert.equal(createHash("sha256").update(m.train.images.data).digest("hex").slice(0, 16), "741c988805d008ac");
  assert.equal(createHash("sha256").update(m.test.images.data).digest("hex").slice(0, 16), "6d87418db22cc802");
  // Sum of all training pixels: mean 33.318 = 0.1307 × 255, the normalisation constant everyone quotes.
  assert.equal(m.train.images.data.reduce((a, b) => a + b, 0), 1567298545);
});

test("loads a folder of raw files and of gzip files alike", () => {
  for (const gzip of [false, true]) {
    const m = loadMnist({ dir: tinyMnist({ gzip }) });
    assert.deepEqual([m.train.images.n, m.train.images.h, m.train.images.w, m.test.images.n], [6, 3, 2, 4]);
    assert.deepEqual(Array.from(m.train.labels), [0, 1, 2, 3, 4, 5]);
    assert.equal(m.train.images.data[1], 37);
    assert.equal(m.source.bundled, false);
  }
});

test("MNIST_DIR selects the folder", () => {
  const dir = tinyMnist();
  const before = process.env.MNIST_DIR;
  process.env.MNIST_DIR = dir;
  try {
    assert.equal(loadMnist().source.dir, dir);
  } finally {
    if (before === undefined) delete process.env.MNIST_DIR;
    else process.env.MNIST_DIR = before;
  }
});

test("missing file names the path and the file it wanted", () => {
  const dir = tinyMnist();
  renameSync(join(dir, "t10k-labels-idx1-ubyte"), join(dir, "elsewhere"));
  assert.throws(() => loadMnist({ dir }), (e: unknown) =>
    e instanceof UnavailableError && e.message.includes("t10k-labels-idx1-ubyte") && e.message.includes("found no such file"));
});

test("image/label count mismatch", () => {
  const dir = tinyMnist();
  writeFileSync(join(dir, "train-labels-idx1-ubyte"), idxBytes(0x08, [5], [0, 1, 2, 3, 4]));
  assert.throws(() => loadMnist({ dir }), (e: unknown) =>
    e instanceof DatasetError && /train-labels-idx1-ubyte: expected 6 labels, one per image in .*train-images-idx3-ubyte, found 5/.test(e.message));
});

test("label ≥ 10", () => {
  const dir = tinyMnist();
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), idxBytes(0x08, [4], [1, 2, 10, 3]));
  assert.throws(() => loadMnist({ dir }), (e: unknown) => e instanceof DatasetError && /expected labels 0–9, found label 10 at index 2/.test(e.message));
});

test("dimension mismatch: labels stored as images, and test images of another size", () => {
  const dir = tinyMnist();
  writeFileSync(join(dir, "train-labels-idx1-ubyte"), idxBytes(0x08, [6, 1], [0, 1, 2, 3, 4, 5]));
  assert.throws(() => loadMnist({ dir }), (e: unknown) => e instanceof IdxFormatError && /expected uint8 labels of shape n, found uint8 of shape 6×1/.test(e.message));
  const other = tinyMnist();
  writeFileSync(join(other, "t10k-images-idx3-ubyte"), idxBytes(0x08, [4, 2, 3], new Uint8Array(24)));
  assert.throws(() => loadMnist({ dir: other }), (e: unknown) => e instanceof DatasetError && /expected images of 3×2 like the training set, found 2×3/.test(e.message));
});

test("truncated and corrupt-gzip files fail the whole load", () => {
  const dir = tinyMnist();
  writeFileSync(join(dir, "train-images-idx3-ubyte"), idxBytes(0x08, [6, 3, 2], new Uint8Array(30)));
  assert.throws(() => loadMnist({ dir }), /train-images-idx3-ubyte: expected 52 bytes for 6×3×2 uint8, found 46 \(truncated\?\)/);
  const gz = tinyMnist({ gzip: true });
  writeFileSync(join(gz, "t10k-images-idx3-ubyte.gz"), gzipSync(new Uint8Array(40)).subarray(0, 15));
  assert.throws(() => loadMnist({ dir: gz }), /t10k-images-idx3-ubyte\.gz: expected a valid gzip stream/);
});

test("head and pick keep images and labels paired", () => {
  const m = loadMnist({ dir: tinyMnist() });
  const first = head(m.train, 2);
  assert.equal(first.images.n, 2);
  assert.deepEqual(Array.from(first.labels), [0, 1]);
  const picked = pick(m.train, [5, 0]);
  assert.deepEqual(Array.from(picked.labels), [5, 0]);
  assert.deepEqual(Array.from(picked.images.data.subarray(0, 6)), Array.from(m.train.images.data.subarray(30, 36)));
  assert.throws(() => pick(m.train, [6]), /indices: expected integers in \[0, 6\), found 6 at position 0/);
});
