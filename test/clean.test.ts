// Cleaning: validation report, dropInvalid, median filter against scipy, normalize/applyStandardization.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DatasetError, InvalidArgumentError, dropInvalid, applyStandardization, fitStandardization, medianFilter, normalize, validateImages } from "../src";
import type { Images, PixelArray } from "../src/types";

interface CleanCase { name: string; kind: string; size?: number; dtype: "uint8" | "float32"; n: number; h: number; w: number; input: string; output: string; mean?: number; std?: number }
const fixtures = JSON.parse(readFileSync(join(__dirname, "fixtures", "clean.json"), "utf8")) as { cases: CleanCase[] };

function decode(b64: string, dtype: "uint8" | "float32"): PixelArray {
  const bytes = Buffer.from(b64, "base64");
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return dtype === "uint8" ? copy : new Float32Array(copy.buffer);
}
const imagesOf = (c: CleanCase): Images => ({ data: decode(c.input, c.dtype), n: c.n, h: c.h, w: c.w });

function assertBitExact(actual: PixelArray, expected: PixelArray, what: string) {
  assert.equal(actual.constructor, expected.constructor, `${what}: type`);
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  const e = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) assert.fail(`${what}: byte ${i} differs (value ${actual[Math.floor(i / actual.BYTES_PER_ELEMENT)]} vs ${expected[Math.floor(i / expected.BYTES_PER_ELEMENT)]})`);
}

const img = (data: number[] | Uint8Array | Float32Array, n: number, h: number, w: number): Images =>
  ({ data: data instanceof Float32Array || data instanceof Uint8Array ? data : Uint8Array.from(data), n, h, w });

test("medianFilter equals scipy.ndimage.median_filter bit for bit on every fixture", () => {
  const cases = fixtures.cases.filter((c) => c.kind === "median");
  assert.ok(cases.length >= 20);
  for (const c of cases) {
    const out = medianFilter(imagesOf(c), c.size);
    assert.deepEqual([out.n, out.h, out.w], [c.n, c.h, c.w]);
    assertBitExact(out.data, decode(c.output, c.dtype), c.name);
  }
});

test("medianFilter keeps the input type, does not modify the input, and removes salt noise", () => {
  const data = new Uint8Array(25);
  data[12] = 255; // an isolated bright pixel
  const before = data.slice();
  const out = medianFilter(img(data, 1, 5, 5));
  assert.ok(out.data instanceof Uint8Array);
  assert.deepEqual(data, before);
  assert.equal(out.data[12], 0);
  const f = medianFilter(img(new Float32Array(9).fill(0.5), 1, 3, 3));
  assert.ok(f.data instanceof Float32Array);
  assert.deepEqual([...f.data], new Array(9).fill(0.5));
});

test("medianFilter rejects bad sizes, wrong shapes and non-finite pixels with typed errors", () => {
  assert.throws(() => medianFilter(img([1, 2, 3, 4], 1, 2, 2), 0), InvalidArgumentError);
  assert.throws(() => medianFilter(img([1, 2, 3, 4], 1, 2, 2), 2.5), InvalidArgumentError);
  assert.throws(() => medianFilter(img([1, 2, 3], 1, 2, 2)), DatasetError);
  assert.throws(() => medianFilter(img(Float32Array.from([0, NaN, 0, 0]), 1, 2, 2)), DatasetError);
});

test("normalize equals numpy float32 x/255 exactly, for bytes and floats", () => {
  for (const c of fixtures.cases.filter((k) => k.kind === "normalize")) {
    assertBitExact(normalize(imagesOf(c)).data, decode(c.output, "float32"), c.name);
    const into = new Float32Array(imagesOf(c).data.length).fill(-1);
    assert.equal(normalize(imagesOf(c), into).data, into, "writes into the given buffer");
    assertBitExact(into, decode(c.output, "float32"), `${c.name} (into)`);
  }
  const x = { data: new Uint8Array(4), n: 1, h: 2, w: 2 };
  assert.throws(() => normalize(x, new Float32Array(3)), /into: expected a separate Float32Array of 4 values, found 3 values/);
});

test("normalize matches x/255 on long inputs and unaligned views", () => {
  const bytes = new Uint8Array(3 * 16384 + 37).map((_, i) => (i * 131 + (i >> 9)) & 255);
  for (const [offset, length] of [[0, 0], [0, 15], [0, 16], [1, 17], [3, 16383], [0, 16384], [5, 16385], [7, 3 * 16384 + 30]]) {
    const view = bytes.subarray(offset, offset + length);
    const out = normalize({ data: view, n: 1, h: 1, w: length }).data;
    const expected = Float32Array.from(view, (v) => v / 255);
    assertBitExact(out, expected, `offset ${offset}, length ${length}`);
  }
});

test("fitStandardization/applyStandardization follow Keras featurewise centring and normalisation", () => {
  const c = fixtures.cases.find((k) => k.kind === "standardize")!;
  const x = imagesOf(c);
  const stats = fitStandardization(x);
  assert.ok(Math.abs(stats.mean - c.mean!) < 1e-6 * Math.abs(c.mean!), `mean ${stats.mean} vs ${c.mean}`);
  assert.ok(Math.abs(stats.std - c.std!) < 1e-5 * c.std!, `std ${stats.std} vs ${c.std}`);
  const out = applyStandardization(x, stats).data;
  const expected = decode(c.output, "float32");
  let worst = 0;
  for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - expected[i]));
  assert.ok(worst < 1e-4, `max abs difference ${worst}`);
  assert.throws(() => applyStandardization(x, { mean: NaN, std: 1 }), InvalidArgumentError);
  assert.throws(() => applyStandardization(x, { mean: 0, std: -1 }), InvalidArgumentError);
});

test("validateImages reports each kind of finding with its indices", () => {
  // 7 images of 2×3: 0 good, 1 blank, 2 duplicate of 0, 3 bad label, 4 near blank, 5 copy of reference 0, 6 good.
  const good = [0, 200, 200, 0, 200, 0];
  const other = [255, 255, 255, 0, 0, 0];
  const data = Uint8Array.from([...good, 0, 0, 0, 0, 0, 0, ...good, 9, 9, 9, 9, 250, 9, 0, 0, 0, 0, 0, 255, ...other, 1, 100, 100, 100, 100, 100]);
  const labels = Uint8Array.from([1, 2, 1, 12, 4, 5, 6]);
  const reference = img([...other, ...other, 7, 7, 7, 7, 7, 7], 3, 2, 3);
  const report = validateImages(img(data, 7, 2, 3), labels, { reference, minInkPixels: 2 });
  assert.deepEqual(report.blank, [1]);
  assert.deepEqual(report.nearBlank, [3, 4]);
  assert.deepEqual(report.badLabel, [3]);
  assert.deepEqual(report.duplicateGroups, [[0, 2]]);
  assert.deepEqual(report.duplicate, [2]);
  assert.deepEqual(report.leakPairs, [[5, 0], [5, 1]]);
  assert.deepEqual(report.leak, [5]);
  assert.deepEqual(report.outOfRange, []);
  assert.deepEqual(report.nonFinite, []);
  assert.equal(report.counts.duplicate, 1);
  assert.equal(report.counts.nearBlank, 2);

  const dropped = dropInvalid({ images: img(data, 7, 2, 3), labels }, report);
  assert.deepEqual(dropped.dropped, [1, 2, 3, 5]);
  assert.equal(dropped.images.n, 3);
  assert.deepEqual([...dropped.labels], [1, 4, 6]); // labels stay with their images
  assert.deepEqual([...dropped.images.data.subarray(6, 12)], [0, 0, 0, 0, 0, 255]);
  assert.deepEqual([...dropped.images.data.subarray(12, 18)], [1, 100, 100, 100, 100, 100]);
});

test("validateImages flags non-finite and out-of-range float pixels", () => {
  const data = Float32Array.from([0.5, 0.5, 0.5, 0.5, NaN, 0.5, 0.5, 0.5, 0.5, 1.5, 0.5, 0.5, -0.1, 0.5, Infinity, 0.5]);
  const report = validateImages(img(data, 4, 2, 2), Uint8Array.from([0, 1, 2, 3]), { valueRange: [0, 1], minInkPixels: 1 });
  assert.deepEqual(report.nonFinite, [1, 3]);
  assert.deepEqual(report.outOfRange, [2, 3]);
  const cleaned = dropInvalid({ images: img(data, 4, 2, 2) as Images<Float32Array>, labels: Uint8Array.from([0, 1, 2, 3]) }, report);
  assert.deepEqual([...cleaned.labels], [0]);
  assert.ok(cleaned.images.data instanceof Float32Array);
});

test("validateImages and dropInvalid reject mismatched input with typed errors", () => {
  const x = img([1, 2, 3, 4], 1, 2, 2);
  assert.throws(() => validateImages(x, Uint8Array.from([1, 2])), DatasetError);
  assert.throws(() => validateImages(img([1, 2, 3], 1, 2, 2), Uint8Array.from([1])), DatasetError);
  assert.throws(() => validateImages(x, Uint8Array.from([1]), { valueRange: [1, 0] }), InvalidArgumentError);
  assert.throws(() => validateImages(x, Uint8Array.from([1]), { reference: img([1, 2, 3], 1, 1, 3) }), DatasetError);
  const report = validateImages(x, Uint8Array.from([1]));
  assert.throws(() => dropInvalid({ images: img([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2), labels: Uint8Array.from([1, 2]) }, report), InvalidArgumentError);
  assert.throws(() => dropInvalid({ images: x, labels: Uint8Array.from([1]) }, report, ["bogus" as never]), InvalidArgumentError);
});

test("medianFilter for bytes equals a plain sort-based 3×3 reflect median", () => {
  const naive = (x: Uint8Array, n: number, h: number, w: number) => {
    const out = new Uint8Array(x.length);
    const at = (i: number, len: number) => (i < 0 ? 0 : i >= len ? len - 1 : i); // reflect by one pixel
    for (let k = 0; k < n; k++) for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
      const v: number[] = [];
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) v.push(x[k * h * w + at(r + dr, h) * w + at(c + dc, w)]);
      v.sort((a, b) => a - b);
      out[k * h * w + r * w + c] = v[4];
    }
    return out;
  };
  let state = 12345;
  const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24);
  for (const [n, h, w] of [[3, 5, 16], [2, 7, 17], [2, 1, 31], [1, 9, 33], [40, 28, 28], [2, 2, 64]]) {
    const x = Uint8Array.from({ length: n * h * w }, () => (rand() < 90 ? 0 : rand()));
    assert.deepEqual(medianFilter(img(x, n, h, w)).data, naive(x, n, h, w), `${n}×${h}×${w}`);
  }
});

test("medianFilter writes into a given buffer, overwriting every pixel, and rejects unsuitable ones", () => {
  const x = img(Uint8Array.from({ length: 2 * 4 * 20 }, (_, i) => (i * 37) % 256), 2, 4, 20);
  const small = img(Uint8Array.from({ length: 2 * 4 * 5 }, (_, i) => (i * 37) % 256), 2, 4, 5);
  for (const images of [x, small]) {
    const into = new Uint8Array(images.data.length).fill(77);
    const out = medianFilter(images, 3, into);
    assert.equal(out.data, into);
    assert.deepEqual(into, medianFilter(images).data);
  }
  assert.throws(() => medianFilter(x, 3, new Uint8Array(3)), InvalidArgumentError);
  assert.throws(() => medianFilter(x, 3, x.data as Uint8Array), InvalidArgumentError);
});
