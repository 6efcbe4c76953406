// Augmentation: matrix and parameter semantics, determinism, flow/dataset behaviour, typed errors,
// and the resampler's shortcuts against plain per-pixel resampling. Exactness against the real
// Keras: augment-keras.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DatasetError, ImageDataGenerator, InvalidArgumentError, SeededRandom, applyTransform, bundledMnistDir, loadMnist, transformMatrix } from "../src";
import type { ImageDataGeneratorOptions, Images, PixelArray, TransformParams } from "../src";

const identity: TransformParams = { theta: 0, tx: 0, ty: 0, shear: 0, zx: 1, zy: 1, flipHorizontal: false, flipVertical: false };
const ramp = (n: number, h: number, w: number): Images<Uint8Array> => ({ data: Uint8Array.from({ length: n * h * w }, (_, i) => (i * 13) % 256), n, h, w });
const article = { rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, shearRange: 0.1, fillMode: "nearest" as const };

test("applyTransform accepts bytes and floats alike, shares one params object, and leaves the input alone", () => {
  const bytes = ramp(3, 6, 5);
  const before = bytes.data.slice();
  const p = { ...identity, theta: 30, tx: 1.5 };
  const a = applyTransform(bytes, p, { fillMode: "reflect" });
  const b = applyTransform({ ...bytes, data: Float32Array.from(bytes.data) }, [p, p, p], { fillMode: "reflect" });
  assert.deepEqual(a.data, b.data);
  assert.deepEqual(bytes.data, before);
  assert.deepEqual(applyTransform(bytes, identity).data, Float32Array.from(bytes.data));
});

test("transformMatrix composes rotation, shift, shear and zoom about the centre, then swaps the axes like tf-keras", () => {
  assert.equal(transformMatrix(identity, 28, 28), null);
  // Keras's shift matrix [[1, 0, tx], [0, 1, ty]] after M' = PMP: tx offsets columns, ty rows.
  assert.deepEqual([...transformMatrix({ ...identity, tx: 2, ty: -3 }, 28, 28)!], [1, 0, -3, 0, 1, 2]);
  // keras-preprocessing 1.1.2 has no swap.
  assert.deepEqual([...transformMatrix({ ...identity, tx: 2, ty: -3 }, 28, 28, "keras-preprocessing-1.1.2")!], [1, 0, 2, 0, 1, -3]);
  // 90° about the centre (13.5, 13.5): output (r, c) samples input (c, 27 − r).
  const m = transformMatrix({ ...identity, theta: 90 }, 28, 28)!;
  const at = (r: number, c: number) => [m[0] * r + m[1] * c + m[2], m[3] * r + m[4] * c + m[5]];
  const [r, c] = at(0, 0);
  assert.ok(Math.abs(r - 0) < 1e-12 && Math.abs(c - 27) < 1e-12, `${r}, ${c}`);
  // On a non-square image Keras's centre is swapped too: (w/2 − 0.5, h/2 − 0.5) in (row, col).
  const z = transformMatrix({ ...identity, zx: 2, zy: 2 }, 10, 6)!;
  assert.deepEqual([z[0], z[2], z[4], z[5]], [2, -2.5, 2, -4.5]);
});

test("same seed gives the same parameters and images; different seeds differ", () => {
  const images = ramp(4, 28, 28);
  const run = (seed: number) => new ImageDataGenerator({ ...article, seed }).randomTransform(images);
  const a = run(7), b = run(7), c = run(8);
  assert.deepEqual(a.params, b.params);
  assert.deepEqual(a.images.data, b.images.data);
  assert.notDeepEqual(a.params, c.params);
  const r1 = new SeededRandom(1), r2 = new SeededRandom(1);
  const xs = Array.from({ length: 5 }, () => r1.random());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => r2.random()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test("randomTransformParams follows Keras's ranges and meanings", () => {
  const g = new ImageDataGenerator({ ...article, seed: 3 });
  const ps = Array.from({ length: 4000 }, () => g.randomTransformParams(28, 20));
  const range = (key: keyof TransformParams) => [Math.min(...ps.map((p) => Number(p[key]))), Math.max(...ps.map((p) => Number(p[key])))];
  const within = (key: keyof TransformParams, lo: number, hi: number) => {
    const [min, max] = range(key);
    assert.ok(min >= lo && max <= hi, `${key} in [${min}, ${max}], expected within [${lo}, ${hi}]`);
    assert.ok(min < lo + (hi - lo) * 0.05 && max > hi - (hi - lo) * 0.05, `${key} should cover [${lo}, ${hi}]: [${min}, ${max}]`);
  };
  within("theta", -10, 10);
  within("tx", -2.8, 2.8); // heightShiftRange 0.1 × 28 rows
  within("ty", -2, 2); // widthShiftRange 0.1 × 20 columns
  within("shear", -0.1, 0.1); // degrees
  within("zx", 0.9, 1.1);
  within("zy", 0.9, 1.1);
  assert.ok(ps.every((p) => !p.flipHorizontal && !p.flipVertical));
  assert.ok(ps.some((p) => p.zx !== p.zy));
  const flips = new ImageDataGenerator({ horizontalFlip: true, seed: 1 });
  const share = Array.from({ length: 2000 }, () => flips.randomTransformParams().flipHorizontal).filter(Boolean).length / 2000;
  assert.ok(share > 0.45 && share < 0.55, `flip share ${share}`);
  const pixels = new ImageDataGenerator({ widthShiftRange: 3.5, heightShiftRange: [-2, 0, 2], seed: 2 });
  const q = Array.from({ length: 500 }, () => pixels.randomTransformParams(28, 28));
  assert.ok(q.every((p) => Math.abs(p.ty) <= 3.5) && q.some((p) => Math.abs(p.ty) > 3)); // pixels, not a fraction
  assert.deepEqual([...new Set(q.map((p) => p.tx))].sort((a, b) => a - b), [-2, 0, 2]);
  // An integer range is whole pixels, as np.random.choice(n) · ±1 draws them.
  const whole = new ImageDataGenerator({ widthShiftRange: 3, heightShiftRange: 1, seed: 4 });
  const wq = Array.from({ length: 500 }, () => whole.randomTransformParams(28, 28));
  assert.deepEqual([...new Set(wq.map((p) => p.ty + 0))].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
  assert.ok(wq.every((p) => p.tx === 0));
  assert.deepEqual(new ImageDataGenerator({ zoomRange: [0.5, 0.8] }).zoomRange, [0.5, 0.8]);
});

test("flow yields every image once per epoch with its own label, fresh transforms each epoch", async () => {
  const n = 10;
  const images = ramp(n, 8, 8);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  // Tag each image by its first pixel so batches can be matched back to labels.
  for (let i = 0; i < n; i++) images.data[i * 64] = 200 + i;
  const g = new ImageDataGenerator({ rotationRange: 20, seed: 5 });
  const seen: number[][] = [[], []];
  const thetas: number[][] = [[], []];
  let batches = 0;
  for await (const batch of g.flow(images, labels, { batchSize: 4, epochs: 2, seed: 9 })) {
    batches++;
    assert.ok(batch.images.n <= 4 && batch.images.data instanceof Float32Array);
    for (let k = 0; k < batch.labels.length; k++) seen[batch.epoch].push(batch.labels[k]);
    thetas[batch.epoch].push(...batch.params.map((p) => p.theta));
  }
  assert.equal(batches, 6);
  for (const epoch of seen) assert.deepEqual([...epoch].sort((a, b) => a - b), [...labels].sort((a, b) => a - b));
  assert.notDeepEqual(thetas[0], thetas[1]);
  // No shuffling keeps the order; labels stay with images.
  const ordered = [...g.batches(images, labels, { batchSize: 3, epochs: 1, shuffle: false })].flatMap((b) => [...b.labels]);
  assert.deepEqual(ordered, [...labels]);
  const again1 = [...g.batches(images, labels, { batchSize: 3, epochs: 1, seed: 4 })];
  const again2 = [...g.batches(images, labels, { batchSize: 3, epochs: 1, seed: 4 })];
  assert.deepEqual(again1.map((b) => b.images.data), again2.map((b) => b.images.data));
});

test("dataset feeds model.fitDataset with [b, h, w, 1] images and sparse labels, without leaking tensors", async () => {
  await tf.setBackend("cpu");
  const n = 24;
  const images = ramp(n, 8, 8);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  const g = new ImageDataGenerator({ rotationRange: 10, seed: 1 });
  const ds = g.dataset(images, labels, { batchSize: 8, classes: 3 });
  const first = await (await ds.iterator()).next();
  const value = first.value as { xs: tf.Tensor; ys: tf.Tensor };
  assert.deepEqual(value.xs.shape, [8, 8, 8, 1]);
  assert.deepEqual(value.ys.shape, [8, 1]);
  tf.dispose([value.xs, value.ys]);
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 3, activation: "softmax" })] });
  model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  await model.fitDataset(ds, { epochs: 1, verbose: 0 }); // creates the optimizer's state once
  const before = tf.memory().numTensors;
  const history = await model.fitDataset(ds, { epochs: 2, verbose: 0 });
  assert.equal(history.history.loss.length, 2);
  assert.ok(Number.isFinite(history.history.loss[1] as number));
  assert.equal(tf.memory().numTensors, before, "no tensors leak across epochs");
  const hot = g.dataset(images, labels, { batchSize: 5, labelFormat: "oneHot", classes: 3 });
  const b = (await (await hot.iterator()).next()).value as { xs: tf.Tensor; ys: tf.Tensor };
  assert.deepEqual(b.ys.shape, [5, 3]);
  assert.deepEqual(Array.from(b.ys.sum(1).dataSync()), [1, 1, 1, 1, 1]);
  tf.dispose([b.xs, b.ys]);
  model.dispose();
});

test("augmentBatch (what train calls) takes flow's route: the same transforms and standardisation as an unshuffled flow with the same seed", () => {
  const images = ramp(6, 28, 28);
  const options = { ...article, fillMode: "constant" as const, rescale: 1 / 255, samplewiseCenter: true };
  const augmented = new ImageDataGenerator({ ...options, seed: 7 }).augmentBatch(images);
  const [batch] = new ImageDataGenerator(options).batches(images, new Uint8Array(6), { batchSize: 6, shuffle: false, epochs: 1, seed: 7 });
  assert.deepEqual(augmented, batch.images);
  assert.deepEqual(images.data, ramp(6, 28, 28).data, "the input is left alone");
});

test("bad input gets typed errors", async () => {
  const images = ramp(2, 4, 4);
  assert.throws(() => new ImageDataGenerator({ rotationRange: -1 }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ widthShiftRange: -0.1 }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ zoomRange: [1.2] as never }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ zoomRange: [0.8, "1.2"] as never }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ shearRange: NaN }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ fillMode: "mirror" as never }), InvalidArgumentError);
  assert.throws(() => applyTransform(images, identity, { interpolation: "bicubic" as never }), InvalidArgumentError);
  assert.throws(() => applyTransform(images, [identity]), InvalidArgumentError);
  assert.throws(() => applyTransform(images, { ...identity, theta: NaN }), InvalidArgumentError);
  assert.throws(() => applyTransform({ data: new Uint8Array(5), n: 2, h: 2, w: 2 }, identity), DatasetError);
  const g = new ImageDataGenerator();
  await assert.rejects(async () => {
    for await (const _ of g.flow(images, new Uint8Array(3))) break;
  }, DatasetError);
  assert.throws(() => [...g.batches(images, new Uint8Array(2), { batchSize: 0 })], InvalidArgumentError);
  assert.throws(() => g.dataset(images, Uint8Array.from([1, 12])), DatasetError);
});

test("reuseBuffers overwrites one buffer per batch yet yields the same pixels as fresh batches", () => {
  const images = ramp(10, 6, 6);
  for (let i = 0; i < 10; i++) images.data.fill(0, i * 36, i * 36 + 12); // some background for the skip path
  const labels = new Uint8Array(10);
  const g = new ImageDataGenerator({ rotationRange: 30, zoomRange: 0.2, fillMode: "nearest" });
  const fresh = [...g.batches(images, labels, { batchSize: 4, epochs: 1, seed: 3 })].map((b) => Array.from(b.images.data));
  const reused: number[][] = [];
  let buffer: ArrayBufferLike | undefined;
  for (const b of g.batches(images, labels, { batchSize: 4, epochs: 1, seed: 3, reuseBuffers: true })) {
    reused.push(Array.from(b.images.data));
    buffer ??= b.images.data.buffer;
    assert.equal(b.images.data.buffer, buffer);
  }
  assert.deepEqual(reused, fresh);
});

// --- on 2 000 MNIST images ----------------------------------------------------------------------

const mnistSample = (() => {
  let cached: { images: Images<Uint8Array>; labels: Uint8Array } | undefined;
  return () => {
    if (cached) return cached;
    const { train } = loadMnist({ dir: bundledMnistDir() });
    const n = 2000, size = train.images.h * train.images.w;
    cached = { images: { ...train.images, data: train.images.data.slice(0, n * size), n }, labels: train.labels.slice(0, n) };
    return cached;
  };
})();

/** One epoch of `batches` (shuffled, flow seed `seed`) as one array in batch order. */
function epochOf(options: ImageDataGeneratorOptions, images: Images<PixelArray>, labels: Uint8Array, batchSize: number, reuseBuffers: boolean, seed = 5): Float32Array {
  const out = new Float32Array(images.data.length);
  let at = 0;
  const g = new ImageDataGenerator(options);
  for (const b of g.batches(images, labels, { batchSize, epochs: 1, seed, reuseBuffers })) {
    out.set(b.images.data, at);
    at += b.images.data.length;
  }
  assert.equal(at, out.length);
  return out;
}

/**
 * Every output pixel of bilinear 'nearest' or 'constant' (cval 0) resampling, computed the plain
 * way — no ink window, no interior runs — with the library's coordinate formula and its float32
 * interpolation.
 */
function plainBilinear(images: Images<Uint8Array>, params: TransformParams[], fillMode: "nearest" | "constant"): Float32Array {
  const { data, n, h, w } = images;
  const out = new Float32Array(data.length);
  const at = (base: number, r: number, c: number) => (r < 0 || r >= h || c < 0 || c >= w ? 0 : data[base + r * w + c]);
  const f = Math.fround;
  for (let i = 0; i < n; i++) {
    const m = transformMatrix(params[i], h, w);
    const base = i * h * w;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let ir = m ? (m[2] + r * m[0]) + c * m[1] : r, ic = m ? (m[5] + r * m[3]) + c * m[4] : c;
        if (fillMode === "constant" && (ir < 0 || ir > h - 1 || ic < 0 || ic > w - 1)) continue;
        ir = Math.min(Math.max(ir, 0), h - 1);
        ic = Math.min(Math.max(ic, 0), w - 1);
        const r0 = Math.floor(ir), c0 = Math.floor(ic), fr = f(ir - r0), fc = f(ic - c0);
        const rb = Math.min(r0 + 1, h - 1), cb = Math.min(c0 + 1, w - 1);
        const a = at(base, r0, c0), b = at(base, r0, cb), cc = at(base, rb, c0), d = at(base, rb, cb);
        const top = f(a + f(f(b - a) * fc));
        out[base + r * w + c] = f(top + f(f(f(cc + f(f(d - cc) * fc)) - top) * fr));
      }
    }
  }
  return out;
}

/** `n` h×w images, each blank but for a random blob of ink somewhere, often next to an edge. */
function blobs(n: number, h: number, w: number, seed: number): Images<Uint8Array> {
  const rng = new SeededRandom(seed);
  const data = new Uint8Array(n * h * w);
  for (let i = 0; i < n; i++) {
    const r0 = rng.int(h), c0 = rng.int(w), r1 = Math.min(h - 1, r0 + rng.int(6)), c1 = Math.min(w - 1, c0 + rng.int(6));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) data[i * h * w + r * w + c] = 1 + rng.int(255);
  }
  return { data, n, h, w };
}

test("skipping pixels that sample only background is exact: applyTransform equals plain per-pixel resampling bit for bit", () => {
  const large: ImageDataGeneratorOptions = { rotationRange: 180, widthShiftRange: 0.4, heightShiftRange: 0.4, zoomRange: [0.4, 2.5], shearRange: 40, fillMode: "nearest" };
  const settings: [string, Images<Uint8Array>, ImageDataGeneratorOptions][] = [
    ["MNIST, article settings", mnistSample().images, article],
    ["MNIST, large transforms", mnistSample().images, large],
    ["blobs near the edges, large transforms", blobs(3000, 28, 28, 4), large],
  ];
  for (const [name, images, options] of settings) {
    for (const fillMode of ["nearest", "constant"] as const) {
      const g = new ImageDataGenerator({ ...options, fillMode, seed: 9 });
      const params = Array.from({ length: images.n }, () => g.randomTransformParams());
      const expected = plainBilinear(images, params, fillMode);
      for (const data of [images.data, Float32Array.from(images.data)]) {
        const actual = applyTransform({ ...images, data }, params, { fillMode }).data;
        let differing = 0;
        for (let q = 0; q < expected.length; q++) if (!Object.is(actual[q], expected[q])) differing++;
        assert.equal(differing, 0, `${name}, ${fillMode}, ${data.constructor.name}: ${differing} pixels differ`);
      }
    }
  }
});

test("flow on MNIST: the same seed gives identical epochs (fresh or reused buffers), another seed a different one", () => {
  const { images, labels } = mnistSample();
  const a = epochOf(article, images, labels, 32, true);
  assert.deepEqual(epochOf(article, images, labels, 32, false), a);
  assert.notDeepEqual(epochOf(article, images, labels, 32, true, 6), a);
  // Bytes and their float32 copy are resampled alike.
  assert.deepEqual(epochOf(article, { ...images, data: Float32Array.from(images.data) }, labels, 32, true), a);
});

test("flow sees pixels changed since an earlier flow over the same array (nothing cached per array)", () => {
  const images = blobs(50, 28, 28, 11);
  const labels = new Uint8Array(50);
  const g = new ImageDataGenerator({ ...article, seed: 1 });
  const epoch = (x: Images<Uint8Array>) => [...g.batches(x, labels, { batchSize: 50, epochs: 1, seed: 2 })][0].images.data;
  epoch(images);
  // Ink where the blobs' bounding boxes had none: an earlier flow's boxes would skip it.
  for (let i = 0; i < 50; i++) images.data.fill(200, i * 784 + 27 * 28 - 6, i * 784 + 27 * 28);
  assert.deepEqual(epoch(images), epoch({ ...images, data: images.data.slice() }));
});

test("two flows consumed in turn give the batches each gives alone (no state shared between calls)", () => {
  const { images, labels } = mnistSample();
  const small = { ...images, data: images.data.subarray(0, 300 * 784), n: 300 };
  const flows = () => [new ImageDataGenerator({ ...article, seed: 1 }), new ImageDataGenerator({ rotationRange: 90, zoomRange: 0.5, fillMode: "reflect", seed: 2 })]
    .map((g) => g.batches(small, labels.subarray(0, 300), { batchSize: 64, epochs: 1, seed: 3, reuseBuffers: true }));
  const alone = flows().map((flow) => Array.from(flow, (b) => b.images.data.slice())); // copied as yielded: the buffer is reused
  const [a, b] = flows();
  const turns: Float32Array[][] = [[], []];
  for (let x = a.next(), y = b.next(); !x.done || !y.done; x = a.next(), y = b.next()) {
    if (!x.done) turns[0].push(x.value.images.data.slice());
    if (!y.done) turns[1].push(y.value.images.data.slice());
  }
  assert.deepEqual(turns, alone);
});
