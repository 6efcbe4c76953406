// Gradient checks of the wasm training kernels (src/backend/wasm-kernels/) against the cpu backend.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildCnn, useBestBackend } from "../src";
import { setScratchLimit } from "../src/backend/wasm-kernels/wasm_heap";
import { assertClose, on } from "./helpers";
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from "../src/backend/wasm-kernels";

type Pad = "valid" | "same" | tf.backend_util.ExplicitPadding;

/** Deterministic pseudo-random floats in [-1, 1) (or small integers, to force max-pool ties). */
function randoms(n: number, seed: number, integers = false): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = integers ? (s % 4) - 1 : (s / 2 ** 31) - 1;
  }
  return out;
}

before(async () => {
  await useBestBackend("wasm"); // registers the training kernels through the backend hook
  await tf.setBackend("cpu");
});

interface ConvCase { x: [number, number, number, number]; f: [number, number, number, number]; stride: number | [number, number]; pad: Pad }

const convCases: ConvCase[] = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 2], stride: 1, pad: "valid" },
  { x: [3, 7, 6, 3], f: [3, 3, 3, 4], stride: 1, pad: "same" },
  { x: [3, 9, 7, 2], f: [3, 2, 2, 5], stride: 2, pad: "valid" },
  { x: [1, 8, 9, 4], f: [3, 3, 4, 3], stride: 2, pad: "same" },
  { x: [3, 11, 10, 5], f: [5, 3, 5, 6], stride: [2, 1], pad: "same" },
  { x: [2, 6, 7, 3], f: [2, 3, 3, 2], stride: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [3, 9, 8, 9], f: [3, 3, 9, 4], stride: 2, pad: "same" },
  { x: [2, 7, 9, 12], f: [2, 4, 12, 3], stride: [1, 2], pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [2, 8, 7, 10], f: [3, 3, 10, 5], stride: 1, pad: "same" },
  { x: [2, 6, 5, 9], f: [2, 3, 9, 4], stride: 1, pad: [[0, 0], [3, 1], [0, 2], [0, 0]] },
  { x: [3, 13, 13, 32], f: [3, 3, 32, 64], stride: 1, pad: "valid" }, // the article's second layer
  { x: [3, 28, 28, 1], f: [3, 3, 1, 32], stride: 1, pad: "valid" }, // the article's first layer
];

/** dx and dW of sum(conv2d(x, w) * r) on the current backend. */
function convGrads(c: ConvCase, seed: number): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(randoms(c.x.reduce((a, b) => a * b), seed), c.x);
    const w = tf.tensor4d(randoms(c.f.reduce((a, b) => a * b), seed + 1), c.f);
    const yShape = tf.conv2d(x, w, c.stride, c.pad).shape;
    const r = tf.tensor(randoms(yShape.reduce((a, b) => a * b), seed + 2), yShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(r).sum())([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

for (const [i, c] of convCases.entries()) {
  test(`conv2d gradients on wasm match cpu: x ${c.x}, filter ${c.f}, stride ${c.stride}, pad ${JSON.stringify(c.pad)}`, async () => {
    const expected = await on("cpu", () => convGrads(c, 10 * i + 1));
    const actual = await on("wasm", () => convGrads(c, 10 * i + 1));
    assertClose(actual.dw, expected.dw, "dW");
    assertClose(actual.dx, expected.dx, "dx");
  });
}

test("conv gradients are the same when the batch is processed in chunks", async () => {
  for (const c of [convCases[2], convCases[7], convCases[10]]) {
    const whole = await on("wasm", () => convGrads(c, 77));
    const previous = setScratchLimit(1); // one image per chunk
    try {
      const chunked = convGrads(c, 77);
      assertClose(chunked.dw, whole.dw, `dW chunked, x ${c.x}`, 1e-5);
      assertClose(chunked.dx, whole.dx, `dx chunked, x ${c.x}`, 1e-5);
    } finally {
      setScratchLimit(previous);
    }
  }
});

for (const cin of [3, 10]) test(`conv gradient kernels handle NCHW on wasm like cpu (kernel level, ${cin} input channels)`, async () => {
  const xShape: [number, number, number, number] = [2, cin, 7, 6];
  const filterShape: [number, number, number, number] = [3, 3, cin, 4];
  const dyShape = [2, 4, 4, 3]; // stride 2, same: ceil(7/2)=4, ceil(6/2)=3
  const attrs = { strides: 2, pad: "same", dataFormat: "NCHW", dimRoundingMode: undefined };
  const run = () => tf.tidy(() => {
    const x = tf.tensor(randoms(2 * cin * 7 * 6, 7), xShape);
    const dy = tf.tensor(randoms(2 * 4 * 4 * 3, 8), dyShape);
    const w = tf.tensor(randoms(3 * 3 * cin * 4, 9), filterShape);
    const dw = tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, { ...attrs, filterShape } as never) as tf.Tensor;
    const dx = tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: w }, { ...attrs, inputShape: xShape } as never) as tf.Tensor;
    return { dw: dw.dataSync(), dx: dx.dataSync(), dxShape: dx.shape };
  });
  const expected = await on("cpu", run);
  const actual = await on("wasm", run);
  assert.deepEqual(actual.dxShape, xShape);
  assertClose(actual.dw, expected.dw, "dW");
  assertClose(actual.dx, expected.dx, "dx");
});

test("slice on wasm matches cpu (contiguous and strided, float32, int32, bool)", async () => {
  const run = () => tf.tidy(() => {
    const f = tf.tensor(randoms(4 * 5 * 6 * 3, 71), [4, 5, 6, 3]);
    const i = tf.tensor(Int32Array.from({ length: 7 * 9 }, (_, k) => k * 3 - 50), [7, 9], "int32");
    const b = tf.tensor(Array.from({ length: 30 }, (_, k) => k % 3 === 0), [5, 6], "bool");
    const cases = [
      f.slice([1, 0, 0, 0], [2, -1, -1, -1]), f.slice([2, 3, 0, 0], [1, 2, 6, 3]), f.slice([0, 1, 2, 1], [4, 3, 3, 2]),
      f.slice([3, 4, 5, 2], [1, 1, 1, 1]), f.slice([0, 0, 0, 0], [4, 5, 6, 0]),
      i.slice([2, 0], [3, 9]), i.slice([1, 4], [5, 3]), b.slice([1, 2], [3, 4]), tf.tensor1d([1, 2, 3, 4]).slice(1, 2),
    ];
    return cases.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) }));
  });
  const expected = await on("cpu", run);
  const actual = await on("wasm", run);
  assert.deepEqual(actual, expected);
});

test("matMul with transposed operands on wasm matches cpu", async () => {
  const run = () => [[false, false], [true, false], [false, true], [true, true]].flatMap(([ta, tb]) => tf.tidy(() => {
    const a2 = tf.tensor2d(randoms(7 * 5, 61), ta ? [5, 7] : [7, 5]);
    const b2 = tf.tensor2d(randoms(5 * 3, 62), tb ? [3, 5] : [5, 3]);
    const a3 = tf.tensor3d(randoms(2 * 4 * 6, 63), ta ? [2, 6, 4] : [2, 4, 6]);
    const b3 = tf.tensor3d(randoms(2 * 6 * 3, 64), tb ? [2, 3, 6] : [2, 6, 3]);
    return [tf.matMul(a2, b2, ta, tb), tf.matMul(a3, b3, ta, tb)].map((t) => ({ shape: t.shape, values: t.dataSync() }));
  }));
  const expected = await on("cpu", run);
  const actual = await on("wasm", run);
  for (const [i, e] of expected.entries()) {
    assert.deepEqual(actual[i].shape, e.shape);
    assertClose(actual[i].values, e.values, `matMul case ${i}`, 1e-5);
  }
});

interface PoolCase { x: [number, number, number, number]; size: number | [number, number]; stride: number | [number, number]; pad: "valid" | "same"; ties?: boolean }

const poolCases: PoolCase[] = [
  { x: [1, 4, 4, 1], size: 2, stride: 2, pad: "valid" },
  { x: [3, 7, 5, 3], size: 2, stride: 2, pad: "valid" },
  { x: [3, 7, 5, 3], size: 3, stride: 2, pad: "same" },
  { x: [2, 9, 8, 4], size: 3, stride: 1, pad: "same", ties: true },
  { x: [3, 6, 7, 5], size: [2, 3], stride: [1, 2], pad: "valid", ties: true },
  { x: [3, 26, 26, 32], size: 2, stride: 2, pad: "valid" }, // the article's first pooling
];

function poolGrad(c: PoolCase, seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(randoms(c.x.reduce((a, b) => a * b), seed, c.ties), c.x);
    const yShape = tf.maxPool(x, c.size, c.stride, c.pad).shape;
    const r = tf.tensor(randoms(yShape.reduce((a, b) => a * b), seed + 1), yShape);
    return tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad).mul(r).sum())(x).dataSync() as Float32Array;
  });
}

for (const [i, c] of poolCases.entries()) {
  test(`maxPool gradient on wasm matches cpu: x ${c.x}, size ${c.size}, stride ${c.stride}, ${c.pad}${c.ties ? ", with ties" : ""}`, async () => {
    const expected = await on("cpu", () => poolGrad(c, 100 + i));
    const actual = await on("wasm", () => poolGrad(c, 100 + i));
    assertClose(actual, expected, "dx", 1e-6);
  });
}

test("conv2d filter and input gradients on wasm agree with central finite differences", async () => {
  await tf.setBackend("wasm");
  const xShape: [number, number, number, number] = [2, 6, 5, 2];
  const wShape: [number, number, number, number] = [3, 3, 2, 3];
  const xs = randoms(2 * 6 * 5 * 2, 41);
  const ws = randoms(3 * 3 * 2 * 3, 42);
  // loss = sum(conv(x, w)²)/2 is quadratic in each entry, so central differences are exact
  // up to float32 rounding.
  const loss = (xv: Float32Array, wv: Float32Array) =>
    tf.tidy(() => tf.conv2d(tf.tensor4d(xv, xShape), tf.tensor4d(wv, wShape), 2, "same").square().sum().div(2).dataSync()[0]);
  const [dx, dw] = tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, "same").square().sum().div(2))(
    [tf.tensor4d(xs, xShape), tf.tensor4d(ws, wShape)]).map((t) => t.dataSync()));
  const eps = 1e-2;
  const numeric = (values: Float32Array, i: number, f: (v: Float32Array) => number) => {
    const plus = values.slice(); plus[i] += eps;
    const minus = values.slice(); minus[i] -= eps;
    return (f(plus) - f(minus)) / (2 * eps);
  };
  for (const i of [0, 5, 17, 35, 53]) {
    const fd = numeric(ws, i, (v) => loss(xs, v));
    assert.ok(Math.abs(fd - dw[i]) <= 2e-3 * Math.max(1, Math.abs(fd)), `dW[${i}]: analytic ${dw[i]}, finite difference ${fd}`);
  }
  for (const i of [0, 13, 29, 44, 59]) {
    const fd = numeric(xs, i, (v) => loss(v, ws));
    assert.ok(Math.abs(fd - dx[i]) <= 2e-3 * Math.max(1, Math.abs(fd)), `dx[${i}]: analytic ${dx[i]}, finite difference ${fd}`);
  }
});

test("the cpu backend's results are the same with and without the wasm kernels registered", async () => {
  const c = convCases[3];
  const pool = poolCases[3];
  const run = () => ({ conv: convGrads(c, 91), pool: Array.from(poolGrad(pool, 92)) });
  unregisterWasmTrainingKernels();
  const without = await on("cpu", run);
  registerWasmTrainingKernels();
  const withKernels = await on("cpu", run);
  assert.deepEqual(withKernels, without);
});

test("training the article's CNN on wasm does not leak tensors", async () => {
  await tf.setBackend("wasm");
  const model = buildCnn();
  model.compile({ optimizer: tf.train.adam(), loss: "categoricalCrossentropy" });
  const x = tf.tensor4d(randoms(8 * 28 * 28, 5).map((v) => (v + 1) / 2), [8, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], "int32"), 10);
  const counts: number[] = [];
  const losses: number[] = [];
  for (let step = 0; step < 6; step++) {
    losses.push((await model.trainOnBatch(x, y)) as number);
    counts.push(tf.memory().numTensors);
  }
  assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
  assert.ok(losses[5] < losses[0], `loss falls on a repeated batch: ${losses}`);
  assert.deepEqual(counts.slice(2), Array(4).fill(counts[1]), `numTensors per step: ${counts}`);
  tf.dispose([x, y]);
  model.dispose();
});
