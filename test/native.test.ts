// The native backend (tfjs-node's binding built by `npm run setup` against PyPI's libtensorflow):
// every op and gradient the article's CNN and the fine-tuning use, checked against tfjs's `cpu`
// backend on the article's shapes and odd ones; training, saving and loading across backends.
// Skips (saying why) when the binding is not built, except in CI, where setup builds it.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildCnn, compileCnn, loadModel, saveModel, train, useBestBackend } from "../src";
import { registerNativeTrainingKernels, unregisterNativeTrainingKernels } from "../src/backend/native-kernels";
import { assertClose, ci, mnistFloats, nativeMissing, nativeSkip, on } from "./helpers";

const missing = nativeMissing;
const skip = nativeSkip;

if (missing !== null && ci && process.env.MNIST_NATIVE !== "0") {
  test("CI: npm run setup built the native backend", () => {
    assert.fail(`@tensorflow/tfjs-node does not load: ${missing}. npm run setup should have built it (see its setup-native lines).`);
  });
}

type Pad = "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]];

/** Deterministic pseudo-random floats in [-1, 1) (no ties, so max-pool gradients are unambiguous). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const input = (shape: number[], seed: number) => tf.tensor(values(size(shape), seed), shape);

/** Value and gradients of sum(f(...xs) * r) for a random r: checks the forward pass and every input's gradient. */
function valueAndGrads(shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const xs = shapes.map((s, i) => input(s, seed + i));
    const y = f(...xs);
    const r = input(y.shape, seed + 99);
    const grads = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(f(...args), r)))(xs);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

/** Compares value and gradients of `f` on tensorflow against cpu. */
async function sameOnBoth(what: string, shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor, seed = 1, tol = 1e-4): Promise<void> {
  const native = await on("tensorflow", () => valueAndGrads(shapes, f, seed));
  const reference = await on("cpu", () => valueAndGrads(shapes, f, seed));
  assertClose(native[0], reference[0], `${what}: value`, tol);
  for (let i = 1; i < native.length; i++) assertClose(native[i], reference[i], `${what}: gradient of input ${i - 1}`, tol);
}

const floats = mnistFloats;

const TINY = { filters: [4, 8, 8] as [number, number, number], denseUnits: 16 };

describe("native backend (tfjs-node on PyPI's libtensorflow)", { skip }, () => {
  before(async () => {
    await useBestBackend("node");
  });

  describe("ops and gradients against cpu", () => {
    const convCases: Array<{ x: number[]; f: number[]; stride: number | [number, number]; pad: Pad }> = [
      { x: [4, 28, 28, 1], f: [3, 3, 1, 32], stride: 1, pad: "valid" }, // the article's conv1
      { x: [2, 13, 13, 32], f: [3, 3, 32, 64], stride: 1, pad: "valid" }, // conv2
      { x: [2, 5, 5, 64], f: [3, 3, 64, 64], stride: 1, pad: "valid" }, // conv3
      { x: [3, 7, 6, 3], f: [3, 3, 3, 4], stride: 1, pad: "same" },
      { x: [3, 9, 7, 2], f: [3, 2, 2, 5], stride: 2, pad: "valid" },
      { x: [1, 8, 9, 4], f: [3, 3, 4, 3], stride: 2, pad: "same" },
      { x: [3, 11, 10, 5], f: [5, 3, 5, 6], stride: [2, 1], pad: "same" },
    ];
    for (const c of convCases) {
      test(`conv2d x${c.x.join("×")} filter ${c.f.join("×")} stride ${c.stride} pad ${JSON.stringify(c.pad)}`, async () => {
        await sameOnBoth("conv2d", [c.x, c.f], (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad), 3);
      });
    }

    test("conv2d with explicit padding: tfjs-node has no gradient for it (the article's model does not use it)", async () => {
      const pad: Pad = [[0, 0], [1, 2], [0, 1], [0, 0]];
      await on("tensorflow", () => {
        assert.throws(() => valueAndGrads([[2, 6, 7, 3], [2, 3, 3, 2]], (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, pad), 3), /supports only 'valid' and 'same' padding/);
      });
    });

    test("bias add (conv and dense layers) and its gradient", async () => {
      await sameOnBoth("bias add 4D", [[3, 5, 5, 7], [7]], (x, b) => tf.add(x, b));
      await sameOnBoth("bias add 2D", [[32, 64], [64]], (x, b) => tf.add(x, b));
    });

    const poolCases: Array<{ x: number[]; size: number; stride: number; pad: "valid" | "same" }> = [
      { x: [4, 26, 26, 32], size: 2, stride: 2, pad: "valid" }, // the article's pool1
      { x: [4, 11, 11, 64], size: 2, stride: 2, pad: "valid" }, // pool2: odd size, last row/column dropped
      { x: [2, 7, 9, 3], size: 3, stride: 2, pad: "same" },
      { x: [2, 6, 5, 4], size: 2, stride: 1, pad: "valid" },
    ];
    for (const c of poolCases) {
      test(`maxPool x${c.x.join("×")} size ${c.size} stride ${c.stride} ${c.pad}`, async () => {
        await sameOnBoth("maxPool", [c.x], (x) => tf.maxPool(x as tf.Tensor4D, c.size, c.stride, c.pad), 5);
      });
    }

    test("relu then maxPool, as in the model (ties at zero get the gradient once per window on both)", async () => {
      const total = async (backend: string) =>
        on(backend, () => tf.tidy(() => {
          const x = input([2, 10, 10, 4], 8);
          return tf.grad((v: tf.Tensor) => tf.sum(tf.maxPool(tf.relu(v) as tf.Tensor4D, 2, 2, "valid")))(x).sum().dataSync()[0];
        }));
      assert.equal(await total("tensorflow"), await total("cpu"));
    });

    test("matMul (dense layers) with transposes, the article's and odd shapes", async () => {
      await sameOnBoth("matMul 32×576·576×64", [[32, 576], [576, 64]], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D));
      await sameOnBoth("matMul 32×64·64×10", [[32, 64], [64, 10]], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D));
      await sameOnBoth("matMul 7×13ᵀ·7×5", [[13, 7], [13, 5]], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, false));
      await sameOnBoth("matMul 7×13·5×13ᵀ", [[7, 13], [5, 13]], (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true));
    });

    test("our Step kernel (relu's gradient mask) equals tfjs-node's own, NaN, ±0 and ±∞ included", async () => {
      const special = [NaN, -1, -0, 0, 2, Infinity, -Infinity, 1e-30, -1e-30];
      const run = () => tf.tidy(() => {
        const x = tf.concat([tf.tensor1d(special), input([1000], 6).reshape([1000])]);
        return [tf.step(x), tf.step(x, 0.2)].map((t) => Array.from(t.dataSync()));
      });
      await tf.setBackend("tensorflow");
      registerNativeTrainingKernels();
      const ours = run();
      unregisterNativeTrainingKernels();
      const theirs = run();
      registerNativeTrainingKernels();
      assert.deepEqual(ours, theirs);
    });

    test("relu, flatten (reshape)", async () => {
      await sameOnBoth("relu", [[4, 11, 11, 64]], (x) => tf.relu(x));
      await sameOnBoth("reshape", [[4, 3, 3, 64]], (x) => tf.reshape(x, [4, 576]));
    });

    test("softmax + sparse categorical cross-entropy as tfjs-layers computes it", async () => {
      const labels = Array.from({ length: 32 }, (_, i) => (i * 7) % 10);
      const loss = (z: tf.Tensor) => {
        const p = tf.clipByValue(tf.softmax(z), 1e-7, 1 - 1e-7);
        return tf.mean(tf.neg(tf.sum(tf.mul(tf.oneHot(labels, 10), tf.log(p)), -1)));
      };
      await sameOnBoth("softmax", [[32, 10]], (z) => tf.softmax(z));
      await sameOnBoth("cross-entropy", [[32, 10]], (z) => loss(tf.mul(z, 4)));
    });

    test("L2 regulariser term (notebook 08)", async () => {
      await sameOnBoth("l2", [[3, 3, 32, 64]], (w) => tf.mul(0.001, tf.sum(tf.square(w))));
    });

    test("dropout keeps about 1 − rate of the values, scales them by 1/(1 − rate), and its gradient is the same mask", async () => {
      await on("tensorflow", () => tf.tidy(() => {
        const x = tf.add(input([64, 64], 4), 2); // all positive, so a dropped value is exactly 0
        const [y, g] = [tf.dropout(x, 0.5, undefined, 7), tf.grad((v: tf.Tensor) => tf.sum(tf.dropout(v, 0.5, undefined, 7)))(x)];
        const xs = x.dataSync(), ys = y.dataSync(), gs = g.dataSync();
        let kept = 0;
        for (let i = 0; i < xs.length; i++) {
          if (ys[i] !== 0) {
            kept++;
            assert.ok(Math.abs(ys[i] - xs[i] * 2) < 1e-5, `kept value ${ys[i]} vs 2·${xs[i]}`);
            assert.equal(gs[i], 2);
          } else {
            assert.equal(gs[i], 0);
          }
        }
        assert.ok(Math.abs(kept / xs.length - 0.5) < 0.05, `kept ${kept} of ${xs.length}`);
      }));
    });

    // Batches of 4: the cpu backend takes about 0.6 s per image for a training step of this model.
    test("the article's CNN: 2 Adam steps from the same weights end at the same weights (with and without L2)", async () => {
      for (const l2 of [0, 0.001]) {
        const data = floats(4);
        const run = async (backend: string) => {
          await tf.setBackend(backend);
          const model = compileCnn(buildCnn({ seed: 4, l2 }));
          const x = tf.tensor4d(data.images.data, [4, 28, 28, 1]);
          const y = tf.tensor1d(Array.from(data.labels), "float32");
          const losses: number[] = [];
          for (let step = 0; step < 2; step++) losses.push(...[await model.trainOnBatch(x, y)].flat());
          const weights = model.getWeights().map((w) => w.dataSync().slice());
          tf.dispose([x, y]);
          model.dispose();
          return { losses, weights };
        };
        const native = await run("tensorflow");
        const reference = await run("cpu");
        assertClose(native.losses, reference.losses, `l2 ${l2}: losses`, 1e-4);
        native.weights.forEach((w, i) => assertClose(w, reference.weights[i], `l2 ${l2}: weight ${i}`, 2e-4));
      }
    });
  });

  describe("training and models across backends", () => {
    test("the same seed trains to the same curve on native and wasm (3 epochs of 1 024 images)", async () => {
      const data = floats(1024);
      const run = async (backend: string) => {
        await useBestBackend(backend);
        const model = compileCnn(buildCnn({ ...TINY, seed: 21 }), { learningRate: 0.005 });
        const history = await train(model, data, { epochs: 3, batchSize: 32, seed: 21, validationSplit: 0.25 });
        model.dispose();
        return history.epochs;
      };
      const native = await run("node");
      const wasm = await run("wasm");
      // Float32 sums in another order drift apart slowly; 1% after 72 steps leaves room for that, not for a wrong gradient.
      for (let e = 0; e < native.length; e++) {
        for (const key of ["loss", "val_loss", "acc", "val_acc"] as const) {
          const a = native[e][key] as number, b = wasm[e][key] as number;
          assert.ok(Math.abs(a - b) <= 0.01 * Math.max(0.1, Math.abs(b)), `epoch ${e + 1} ${key}: native ${a}, wasm ${b}`);
        }
      }
      assert.ok(native[2].val_loss! < 0.7 * native[0].val_loss!, `native learns: val_loss ${native.map((e) => e.val_loss)}`);
    });

    test("tf.memory().numTensors stays flat across epochs on native", async () => {
      await useBestBackend("node");
      const data = floats(256);
      const model = compileCnn(buildCnn({ ...TINY, seed: 2 }));
      const counts: number[] = [];
      await train(model, data, { epochs: 4, batchSize: 32, seed: 2, validationSplit: 0.25, onEvent: (e) => void (e.type === "epoch" && counts.push(tf.memory().numTensors)) });
      model.dispose();
      assert.equal(new Set(counts.slice(1)).size, 1, `numTensors after each epoch: ${counts}`);
    });

    const predictions = (model: tf.LayersModel, images: Float32Array, n: number) =>
      tf.tidy(() => (model.predict(tf.tensor4d(images, [n, 28, 28, 1])) as tf.Tensor).dataSync().slice());

    for (const [from, to] of [["node", "wasm"], ["wasm", "node"]]) {
      test(`a model trained and saved on ${from} loads on ${to} with the same predictions`, async () => {
        const data = floats(256);
        const probe = floats(64, 1000);
        await useBestBackend(from);
        const model = compileCnn(buildCnn({ ...TINY, seed: 5 }));
        await train(model, data, { epochs: 1, batchSize: 32, seed: 5 });
        const expected = predictions(model, probe.images.data, 64);
        const dir = mkdtempSync(join(tmpdir(), "mnist-prep-native-"));
        await saveModel(model, dir);
        model.dispose();
        await useBestBackend(to);
        const loaded = await loadModel(dir);
        assertClose(predictions(loaded, probe.images.data, 64), expected, `predictions on ${to}`, 1e-5);
        loaded.dispose();
      });
    }

    test("tfjs-node's file:// handlers and saveModel write the same model, and each loads the other's", async () => {
      await useBestBackend("node");
      const model = buildCnn({ ...TINY, seed: 9 });
      const ours = mkdtempSync(join(tmpdir(), "mnist-prep-ours-"));
      const theirs = mkdtempSync(join(tmpdir(), "mnist-prep-tfjs-node-"));
      await saveModel(model, ours);
      await model.save(`file://${theirs}`);
      const json = (dir: string) => JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
      assert.deepEqual(json(ours).modelTopology, json(theirs).modelTopology);
      assert.deepEqual(json(ours).weightsManifest, json(theirs).weightsManifest);
      assert.ok(readFileSync(join(ours, "weights.bin")).equals(readFileSync(join(theirs, "weights.bin"))), "weights.bin differs");
      const probe = floats(16, 2000);
      const expected = predictions(model, probe.images.data, 16);
      const viaOurs = await loadModel(theirs);
      const viaTheirs = await tf.loadLayersModel(`file://${join(ours, "model.json")}`);
      assert.deepEqual(predictions(viaOurs, probe.images.data, 16), expected);
      assert.deepEqual(predictions(viaTheirs, probe.images.data, 16), expected);
      [model, viaOurs, viaTheirs].forEach((m) => m.dispose());
    });
  });
});
