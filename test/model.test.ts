// The article's CNN, its parameters and shapes, save/load and fine-tuning.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ARTICLE_LAYER_NAMES, ARTICLE_PARAMETER_COUNT, buildCnn, compileCnn, fineTune, head, InvalidArgumentError, loadModel, loadMnist, modelSummary, saveModel, trainableLayerNames, UnavailableError, useBestBackend } from "../src";
import { tempDir } from "./helpers";

// Tiny variant of the article's network: same layers and names, fewer filters (fast on cpu).
const TINY = { filters: [4, 8, 8] as [number, number, number], denseUnits: 16 };

const batchOf = (n: number) => {
  const { train } = loadMnist();
  const part = head(train, n);
  const x = tf.tensor4d(Float32Array.from(part.images.data, (v) => v / 255), [n, 28, 28, 1]);
  const y = tf.tensor2d(Float32Array.from(part.labels), [n, 1]);
  return { x, y, labels: part.labels };
};

before(async () => {
  await useBestBackend(process.env.MNIST_BACKEND ?? "cpu");
});

describe("buildCnn", () => {
  test("the article's network has 93 322 parameters in the article's layers and shapes", () => {
    const model = buildCnn();
    assert.equal(model.countParams(), ARTICLE_PARAMETER_COUNT);
    assert.equal(ARTICLE_PARAMETER_COUNT, 93322);
    assert.deepEqual(model.layers.map((l) => l.name), [...ARTICLE_LAYER_NAMES]);
    assert.deepEqual(model.layers.map((l) => l.getClassName()), ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "Flatten", "Dense", "Dense"]);
    assert.deepEqual(
      model.layers.map((l) => l.outputShape),
      [[null, 26, 26, 32], [null, 13, 13, 32], [null, 11, 11, 64], [null, 5, 5, 64], [null, 3, 3, 64], [null, 576], [null, 64], [null, 10]],
    );
    // (3·3·1+1)·32, (3·3·32+1)·64, (3·3·64+1)·64, (576+1)·64, (64+1)·10
    assert.deepEqual(model.layers.map((l) => l.countParams()), [320, 0, 18496, 0, 36928, 0, 36928, 650]);
    assert.deepEqual(
      modelSummary(model).map((r) => [r.name, r.outputShape, r.params]),
      [["conv1", "(None, 26, 26, 32)", 320], ["pool1", "(None, 13, 13, 32)", 0], ["conv2", "(None, 11, 11, 64)", 18496], ["pool2", "(None, 5, 5, 64)", 0],
       ["conv3", "(None, 3, 3, 64)", 36928], ["flatten", "(None, 576)", 0], ["dense1", "(None, 64)", 36928], ["output", "(None, 10)", 650]],
    );
    model.dispose();
  });

  test("the same seed gives the same initial weights; another seed different ones", async () => {
    const weights = async (seed: number) => {
      const m = buildCnn({ ...TINY, seed });
      const values = await Promise.all(m.getWeights().map((w) => w.data()));
      m.dispose();
      return values.map((v) => Array.from(v));
    };
    const a = await weights(7);
    assert.deepEqual(await weights(7), a);
    assert.notDeepEqual(await weights(8), a);
    // conv2 and conv3 kernels of equal shape must not start identical
    const m = buildCnn({ filters: [4, 8, 8], seed: 1 });
    const k2 = await m.getLayer("conv3").getWeights()[0].data();
    const k3 = await m.getLayer("conv2").getWeights()[0].data();
    assert.notDeepEqual(Array.from(k2.slice(0, 10)), Array.from(k3.slice(0, 10)));
    m.dispose();
  });

  test("dropout, batch normalisation and L2 are off by default and added on request", () => {
    const plain = buildCnn(TINY);
    assert.ok(!plain.layers.some((l) => /dropout|BatchNormalization/i.test(l.getClassName())));
    const extra = buildCnn({ ...TINY, dropout: 0.5, batchNorm: true, l2: 1e-4 });
    const names = extra.layers.map((l) => l.name);
    assert.ok(names.includes("dropout") && names.includes("conv1_bn") && names.includes("conv3_relu"));
    assert.equal(names.indexOf("dropout"), names.indexOf("output") - 1);
    assert.equal((extra.getLayer("conv1").getConfig().kernelRegularizer as { className: string }).className, "L1L2");
    assert.equal(plain.getLayer("conv1").getConfig().kernelRegularizer, null);
    plain.dispose();
    extra.dispose();
  });

  test("bad options raise InvalidArgumentError naming the option", () => {
    assert.throws(() => buildCnn({ dropout: 1 }), (e: unknown) => e instanceof InvalidArgumentError && e.input === "dropout");
    assert.throws(() => buildCnn({ filters: [32, 0, 64] }), (e: unknown) => e instanceof InvalidArgumentError && e.input === "filters[1]");
    assert.throws(() => buildCnn({ seed: 1.5 }), InvalidArgumentError);
  });
});

describe("saveModel / loadModel", () => {
  test("round trip gives identical predictions and a standard model.json", async () => {
    const model = compileCnn(buildCnn({ ...TINY, seed: 3 }));
    const { x, y } = batchOf(16);
    await model.trainOnBatch(x, y); // non-initial weights
    const dir = join(tempDir(), "article-cnn");
    await saveModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    assert.equal(json.format, "layers-model");
    assert.equal(json.modelTopology.class_name, "Sequential");
    assert.deepEqual(json.weightsManifest[0].paths, ["weights.bin"]);
    const bytes = json.weightsManifest[0].weights.reduce((a: number, w: { shape: number[] }) => a + 4 * w.shape.reduce((p, s) => p * s, 1), 0);
    assert.equal(readFileSync(join(dir, "weights.bin")).length, bytes);

    const loaded = await loadModel(dir);
    assert.deepEqual(loaded.layers.map((l) => l.name), model.layers.map((l) => l.name));
    const p1 = model.predict(x) as tf.Tensor;
    const p2 = loaded.predict(x) as tf.Tensor;
    assert.deepEqual(Array.from(await p2.data()), Array.from(await p1.data()));
    tf.dispose([p1, p2, x, y]);
    model.dispose();
    loaded.dispose();
  });

  test("the saved folder loads with plain tf.loadLayersModel over HTTP, as in a browser", async () => {
    const model = buildCnn({ ...TINY, seed: 4 });
    const dir = tempDir();
    await saveModel(model, dir);
    const requested: string[] = [];
    const fetchFunc = async (input: RequestInfo | URL) => {
      const url = String(input);
      requested.push(url);
      const file = join(dir, new URL(url).pathname.replace(/^\/models\//, ""));
      if (!existsSync(file)) return new Response("missing", { status: 404 });
      return new Response(readFileSync(file), { status: 200 });
    };
    const loaded = await tf.loadLayersModel(tf.io.http("http://localhost/models/model.json", { fetchFunc }));
    assert.deepEqual(requested, ["http://localhost/models/model.json", "http://localhost/models/weights.bin"]);
    const x = tf.ones([2, 28, 28, 1]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    assert.deepEqual(Array.from(await b.data()), Array.from(await a.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  test("loading a missing folder says what is missing and how to make it", async () => {
    await assert.rejects(loadModel(join(tempDir(), "nothing-here")), (e: unknown) => e instanceof UnavailableError && /saveModel/.test((e as Error).message));
  });
});

describe("fineTune", () => {
  test("freezes exactly the named base layers, replaces the head and leaves the original alone", async () => {
    const model = compileCnn(buildCnn({ ...TINY, seed: 5 }));
    const originalWeights = await Promise.all(model.getWeights().map((w) => w.data()));
    const tuned = await fineTune(model, { numClasses: 5, learningRate: 1e-3, seed: 9 });
    assert.deepEqual(trainableLayerNames(tuned), ["dense1", "output"]);
    assert.deepEqual(tuned.layers.map((l) => l.name), [...ARTICLE_LAYER_NAMES]);
    assert.deepEqual(tuned.getLayer("output").outputShape, [null, 5]);
    // base weights copied from the trained model
    const conv1Before = Array.from(await tuned.getLayer("conv1").getWeights()[0].data());
    assert.deepEqual(conv1Before, Array.from(originalWeights[0]));

    const { x, labels } = batchOf(16);
    const y = tf.tensor2d(Float32Array.from(labels, (l) => l % 5), [16, 1]);
    const dense1Before = Array.from(await tuned.getLayer("dense1").getWeights()[0].data());
    for (let i = 0; i < 3; i++) await tuned.trainOnBatch(x, y);
    assert.deepEqual(Array.from(await tuned.getLayer("conv1").getWeights()[0].data()), conv1Before, "frozen conv1 unchanged");
    assert.deepEqual(Array.from(await tuned.getLayer("conv3").getWeights()[1].data()), Array.from(await model.getLayer("conv3").getWeights()[1].data()));
    assert.notDeepEqual(Array.from(await tuned.getLayer("dense1").getWeights()[0].data()), dense1Before, "dense1 trains");
    // the original model was not touched by fine-tuning
    const after = await Promise.all(model.getWeights().map((w) => w.data()));
    assert.deepEqual(after.map((a) => Array.from(a)), originalWeights.map((a) => Array.from(a)));
    assert.deepEqual(model.getLayer("output").outputShape, [null, 10]);
    tf.dispose([x, y]);
    tuned.dispose();
    model.dispose();
  });

  test("disposing a fine-tuned model frees all its tensors, with a new head or the kept one; the original keeps working", async () => {
    const model = compileCnn(buildCnn({ seed: 3, numClasses: 5 }));
    for (const options of [{ numClasses: 3 }, { freezeBase: false }]) {
      const start = tf.memory().numTensors;
      const tuned = await fineTune(model, options);
      tuned.dispose();
      assert.equal(tf.memory().numTensors, start, `left behind by fineTune(${JSON.stringify(options)})`);
    }
    const out = model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor;
    assert.deepEqual(out.shape, [1, 5]);
    tf.dispose(out);
    model.dispose();
  });

  test("can keep the head, unfreeze everything, or freeze a chosen list by name", async () => {
    const model = compileCnn(buildCnn({ ...TINY, seed: 6 }));
    const keep = await fineTune(model);
    assert.deepEqual(keep.getLayer("output").outputShape, [null, 10]);
    assert.deepEqual(Array.from(await keep.getLayer("output").getWeights()[0].data()), Array.from(await model.getLayer("output").getWeights()[0].data()));
    assert.deepEqual(trainableLayerNames(keep), ["dense1", "output"]);
    assert.ok(Math.abs((keep.optimizer as unknown as { learningRate: number }).learningRate - 1e-4) < 1e-12);
    const all = await fineTune(model, { freezeBase: false });
    assert.deepEqual(trainableLayerNames(all), ["conv1", "conv2", "conv3", "dense1", "output"]);
    const some = await fineTune(model, { baseLayers: ["conv1", "conv2"] });
    assert.deepEqual(trainableLayerNames(some), ["conv3", "dense1", "output"]);
    await assert.rejects(fineTune(model, { baseLayers: ["conv9"] }), (e: unknown) => e instanceof InvalidArgumentError && e.input === "baseLayers");
    await assert.rejects(fineTune(model, { headName: "dense1" }), InvalidArgumentError);
    [keep, all, some, model].forEach((m) => m.dispose());
  });
});

describe("selectClasses", () => {
  test("keeps only the given digits, relabels them in order, and draws a seeded budget per class", async () => {
    const { selectClasses } = await import("../src/model/transfer");
    const images = { data: Uint8Array.from({ length: 12 }, (_, i) => i), n: 12, h: 1, w: 1 };
    const labels = Uint8Array.from([5, 1, 6, 5, 9, 6, 5, 1, 9, 6, 5, 0]);
    const all = selectClasses({ images, labels }, [5, 6, 9]);
    assert.deepEqual(Array.from(all.images.data), [0, 2, 3, 4, 5, 6, 8, 9, 10]);
    assert.deepEqual(Array.from(all.labels), [0, 1, 0, 2, 1, 0, 2, 1, 0]);
    const two = selectClasses({ images, labels }, [5, 6, 9], { perClass: 2, seed: 1 });
    assert.deepEqual([0, 1, 2].map((c) => Array.from(two.labels).filter((l) => l === c).length), [2, 2, 2]);
    for (let i = 0; i < two.labels.length; i++) assert.equal([5, 6, 9][two.labels[i]], labels[two.images.data[i]]);
    assert.deepEqual(selectClasses({ images, labels }, [5, 6, 9], { perClass: 2, seed: 1 }), two);
    assert.throws(() => selectClasses({ images, labels }, [5, 6, 9], { perClass: 3 }), InvalidArgumentError);
  });
});

test("model.dispose() frees the optimizer compileCnn made, also after recompiling", async () => {
  const before = tf.memory().numTensors;
  const model = compileCnn(buildCnn({ ...TINY, seed: 3 }));
  const { x, y } = batchOf(4);
  await model.trainOnBatch(x, y); // creates Adam's moment tensors
  compileCnn(model, { learningRate: 1e-4 }); // a second Adam replaces the first
  await model.trainOnBatch(x, y);
  x.dispose();
  y.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});
