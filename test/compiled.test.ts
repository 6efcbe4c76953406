// Compiled steps on the native backend: the binding's function registry (binding-patch.test.ts: the patch),
// training and prediction compiled into one TensorFlow call each, against the same steps op by op.
// Skips (saying why) when the native binding is not built, except in CI, where setup builds it.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as tf from "@tensorflow/tfjs";
import { ATTR, DT, constant, encodeGraphDef, placeholder } from "../src/backend/compiled/graph-def";
import { functionBackend, type NativeBinding } from "../src/backend/compiled/native";
import { protoString, readProto } from "../src/backend/compiled/proto";
import { compileSteps, predictBatch, setCompiledSteps, type CompiledStepEvent } from "../src/backend/compiled/steps";
import { buildCnn, compileCnn, exponentialDecay, fineTune, saveModel, train, useBestBackend, type LabelledImages, type TrainEvent } from "../src";
import { ci, countingCalls, mnistFloats, nativeSkip } from "./helpers";

const skip = nativeSkip;

const floats = mnistFloats;

const TINY = { filters: [4, 8, 8] as [number, number, number], denseUnits: 16 };

/** The binding while the native backend is active (with the patch's functions). */
const binding = () => (tf.backend() as unknown as { binding: Required<NativeBinding> }).binding;

/** Trains a fresh seeded model, compiled or op by op, and returns the batch losses, events and weights. */
async function trainRun(compiled: boolean, data: LabelledImages<Float32Array>, options: { model?: () => tf.LayersModel | Promise<tf.LayersModel>; epochs?: number; schedule?: boolean } = {}) {
  const model = (await options.model?.()) ?? compileCnn(buildCnn({ seed: 7 }));
  const losses: number[] = [];
  const events: TrainEvent[] = [];
  const counted = await countingCalls(() => train(model, data, {
    epochs: options.epochs ?? 2, seed: 11, validationSplit: 0.1, compiled,
    ...(options.schedule ? { learningRateSchedule: exponentialDecay(0.5) } : {}),
    onEvent: (e) => void (e.type === "batch" ? losses.push(e.loss) : events.push(e)),
  }));
  const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  return { model, losses, events, weights, history: counted.result, compiledCalls: counted.compiled, kernelCalls: counted.kernels };
}

/** Skips the test (saying why) when the binding lacks the patch's functions; in CI that is a failure. */
function unpatched(t: { skip(message?: string): void }): boolean {
  const found = functionBackend();
  if (!("reason" in found)) return false;
  assert.ok(!ci, `CI: ${found.reason}`);
  t.skip(found.reason);
  return true;
}

const compiledEvents = (events: TrainEvent[]) => events.filter((e): e is CompiledStepEvent => e.type === "compiled" || e.type === "eager-fallback");

describe("compiled steps (native backend)", { skip }, () => {
  before(async () => {
    await useBestBackend("node");
  });
  after(() => setCompiledSteps(true));

  describe("the binding's function registry", () => {
    test("a registered graph runs by its name in one call; unknown names and removed functions are errors", (t) => {
      if (unpatched(t)) return;
      const T = { name: "T", type: ATTR.type, value: DT.float32 };
      const graph = encodeGraphDef([
        placeholder("a", DT.float32, [2, 2]),
        placeholder("b", DT.float32, [2, 2]),
        constant("c", { dtype: DT.float32, shape: [], values: new Float32Array([10]) }),
        constant("axes", { dtype: DT.int32, shape: [1], values: new Int32Array([1]) }),
        { name: "mm", op: "MatMul", inputs: ["a:0", "b:0"], attrs: [T, { name: "transpose_b", type: ATTR.bool, value: true }] },
        { name: "add", op: "AddV2", inputs: ["mm:0", "c:0"], attrs: [T] },
        { name: "sum", op: "Sum", inputs: ["add:0", "axes:0"], attrs: [T, { name: "keep_dims", type: ATTR.bool, value: false }, { name: "Tidx", type: ATTR.type, value: DT.int32 }] },
      ]);
      binding().registerGraphFunction("compiled_test_fn", graph, ["a", "b"], ["add:0", "sum:0"]);
      const backend = tf.backend() as unknown as { executeMultipleOutputs(n: string, a: unknown[], i: tf.Tensor[], k: number): tf.Tensor[] };
      const a = tf.tensor2d([[1, 2], [3, 4]]);
      const b = tf.tensor2d([[5, 6], [7, 8]]);
      const [sum, rows] = backend.executeMultipleOutputs("compiled_test_fn", [], [a, b], 2);
      assert.deepEqual(sum.arraySync(), [[27, 33], [49, 63]]);
      assert.deepEqual(rows.arraySync(), [60, 112]);
      assert.throws(() => binding().registerGraphFunction("compiled_test_bad", graph, ["nope"], ["add:0"]), /no operation named 'nope'/);
      assert.throws(() => binding().registerGraphFunction("compiled_test_bad", graph, ["a", "b"], ["add:3"]), /'add' has no output 3/);
      assert.throws(() => binding().registerGraphFunction("compiled_test_bad", new Uint8Array([1, 2, 3]), [], []), /TF_Status/);
      binding().removeFunction("compiled_test_fn");
      assert.throws(() => backend.executeMultipleOutputs("compiled_test_fn", [], [a, b], 2), /compiled_test_fn/);
      tf.dispose([a, b, sum, rows]);
    });

    test("run metadata shows the graph TensorFlow made of a compiled step after its optimisations", async (t) => {
      if (unpatched(t)) return;
      const model = compileCnn(buildCnn({ ...TINY, seed: 1 }));
      const x = tf.tensor4d(floats(8).images.data, [8, 28, 28, 1]);
      binding().enableRunMetadata(true);
      tf.dispose([predictBatch(model, x), predictBatch(model, x)]); // compiled (and first run) on the second call
      const metadata = binding().exportRunMetadata();
      binding().enableRunMetadata(false);
      // RunMetadata.function_graphs (4) → FunctionGraphs.post_optimization_graph (3) → GraphDef.node (1) → NodeDef.op (2).
      const ops = readProto(metadata).filter((f) => f.field === 4).flatMap((g) => readProto(g.bytes).filter((f) => f.field === 3))
        .flatMap((graph) => readProto(graph.bytes).filter((f) => f.field === 1))
        .map((node) => protoString(readProto(node.bytes).find((f) => f.field === 2)!));
      assert.ok(ops.some((op) => /Conv2D/.test(op)), `a convolution among the optimised graph's ops: ${ops.join(", ")}`);
      assert.ok(!ops.includes("Softmax") && ops.includes("Reciprocal"), "the softmax runs as eager TensorFlow's own steps");
      tf.dispose(x);
      model.dispose();
    });
  });

  describe("training", () => {
    const data = floats(1920);

    test("train() compiles its step: bit for bit the losses and weights of op by op over 108 steps, in far fewer binding calls", async (t) => {
      if (unpatched(t)) return;
      const eager = await trainRun(false, data);
      const compiled = await trainRun(true, data);
      assert.equal(compiled.losses.length, 108);
      const kinds = compiledEvents(compiled.events).map((e) => `${e.type} ${e.kind} ${e.shape}`);
      assert.deepEqual(kinds, ["compiled train float32[32,28,28,1] float32[32,1]", "compiled predict float32[192,28,28,1]"]);
      assert.deepEqual(compiledEvents(eager.events), [], "compiled: false reports nothing");
      // 108 steps: the first runs op by op, the second is recorded (twice) and verified, 106 run compiled.
      // Step 1 runs op by op, step 2 is recorded (twice), verified (one call) and run: 107 calls plus 1;
      // validation runs op by op in epoch 1 and compiles in epoch 2: 2 calls.
      assert.equal(compiled.compiledCalls, 107 + 1 + 2);
      assert.ok(compiled.kernelCalls < eager.kernelCalls / 20, `${compiled.kernelCalls} kernel calls compiled vs ${eager.kernelCalls} op by op`);
      assert.deepEqual(compiled.losses, eager.losses, "batch losses");
      compiled.weights.forEach((w, i) => assert.deepEqual(w, eager.weights[i], `weight ${i}`));
      assert.deepEqual(compiled.history.epochs.map((e) => [e.val_loss, e.val_acc]), eager.history.epochs.map((e) => [e.val_loss, e.val_acc]));
      assert.equal(compiled.model.optimizer.iterations, eager.model.optimizer.iterations, "the optimizer counts every compiled step");
      eager.model.dispose();
      compiled.model.dispose();
    });

    test("a learning-rate schedule changes the compiled step's rate without recompiling", async (t) => {
      if (unpatched(t)) return;
      const eager = await trainRun(false, data, { schedule: true, epochs: 3 });
      const compiled = await trainRun(true, data, { schedule: true, epochs: 3 });
      assert.equal(compiledEvents(compiled.events).filter((e) => e.kind === "train").length, 1);
      assert.deepEqual(compiled.losses, eager.losses, "batch losses with the rate halved every epoch");
      eager.model.dispose();
      compiled.model.dispose();
    });

    test("SGD under a schedule: its rate, which it keeps in a tensor of its own, changes the update compiled as op by op", async (t) => {
      if (unpatched(t)) return;
      const sgd = () => {
        const m = buildCnn({ ...TINY, seed: 2 });
        m.compile({ optimizer: tf.train.sgd(0.1), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
        return m;
      };
      const small = floats(256);
      const eager = await trainRun(false, small, { model: sgd, schedule: true, epochs: 3 });
      const compiled = await trainRun(true, small, { model: sgd, schedule: true, epochs: 3 });
      const constant = await trainRun(false, small, { model: sgd, epochs: 3 });
      assert.ok(compiledEvents(compiled.events).some((e) => e.type === "compiled" && e.kind === "train"), JSON.stringify(compiledEvents(compiled.events)));
      assert.deepEqual(compiled.losses, eager.losses, "the same losses as op by op under the schedule");
      assert.notDeepEqual(eager.losses, constant.losses, "the schedule changes SGD's updates");
      for (const run of [eager, compiled, constant]) run.model.dispose();
    });

    /** One epoch of `model` on 640 images, op by op and compiled: the same losses and weights, bit for bit. */
    const sameOneEpoch = async (name: string, model: () => tf.LayersModel | Promise<tf.LayersModel>): Promise<void> => {
      const small = floats(640);
      const eager = await trainRun(false, small, { model, epochs: 1 });
      const compiled = await trainRun(true, small, { model, epochs: 1 });
      assert.equal(compiledEvents(compiled.events)[0]?.type, "compiled", JSON.stringify(compiledEvents(compiled.events)[0]));
      assert.deepEqual(compiled.losses, eager.losses, `${name} losses`);
      compiled.weights.forEach((w, i) => assert.deepEqual(w, eager.weights[i], `${name} weight ${i}`));
      eager.model.dispose();
      compiled.model.dispose();
    };

    for (const [name, optimizer] of [
      ["sgd", () => tf.train.sgd(0.05)], ["momentum", () => tf.train.momentum(0.02, 0.9)], ["rmsprop", () => tf.train.rmsprop(0.001)],
      ["adagrad", () => tf.train.adagrad(0.05)], ["adadelta", () => tf.train.adadelta(1)], ["adamax", () => tf.train.adamax(0.002)],
    ] as const) {
      test(`${name}: compiled as op by op`, async (t) => {
        if (unpatched(t)) return;
        const model = () => {
          const m = buildCnn({ ...TINY, seed: 2 });
          m.compile({ optimizer: optimizer(), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
          return m;
        };
        await sameOneEpoch(name, model);
      });
    }

    for (const [name, model] of [
      ["batch normalisation", () => compileCnn(buildCnn({ ...TINY, seed: 2, batchNorm: true }))],
      ["L2 weight decay", () => compileCnn(buildCnn({ ...TINY, seed: 2, l2: 1e-3 }))],
      ["fine-tuning with a frozen base and a new head", () => fineTune(compileCnn(buildCnn({ ...TINY, seed: 2 })), { numClasses: 10, seed: 3 })],
    ] as const) {
      test(`${name}: compiled bit for bit as op by op`, async (t) => {
        if (unpatched(t)) return;
        await sameOneEpoch(name, model);
      });
    }

    test("dropout: its mask becomes a fresh uniform draw per compiled call", async (t) => {
      if (unpatched(t)) return;
      const run = await trainRun(true, floats(640), { model: () => compileCnn(buildCnn({ ...TINY, seed: 4, dropout: 0.5 })), epochs: 2 });
      const compiled = compiledEvents(run.events).find((e) => e.type === "compiled" && e.kind === "train");
      assert.ok(compiled?.type === "compiled" && compiled.info.arguments.uniformDraws === 1, JSON.stringify(compiledEvents(run.events)));
      assert.ok(run.history.epochs[1].loss < run.history.epochs[0].loss);
      run.model.dispose();
    });

    test("a step that reads values back while it runs falls back to op by op, saying why, and still trains", async (t) => {
      if (unpatched(t)) return;
      // tfjs-node's gather reads its indices back to JavaScript.
      const m = tf.sequential({ layers: [tf.layers.embedding({ inputDim: 784, outputDim: 4, inputLength: 1 }), tf.layers.flatten(), tf.layers.dense({ units: 10, activation: "softmax" })] });
      m.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
      const events: CompiledStepEvent[] = [];
      const steps = compileSteps(m, { onEvent: (e) => void events.push(e) });
      const x = tf.tensor2d(Array.from({ length: 32 }, (_, i) => i % 784), [32, 1]);
      const y = tf.tensor2d(Array.from({ length: 32 }, (_, i) => i % 10), [32, 1]);
      const losses: number[] = [];
      for (let i = 0; i < 4; i++) losses.push((await m.trainOnBatch(x, y) as number[])[0]);
      steps.release();
      assert.equal(events[0]?.type, "eager-fallback");
      assert.match(events[0].type === "eager-fallback" ? events[0].reason : "", /reads .* back to JavaScript/);
      assert.ok(losses[3] < losses[0]);
      tf.dispose([x, y]);
      m.dispose();
    });

    test("tf.memory and the binding's tensor count stay flat over 10 compiled epochs", async (t) => {
      if (unpatched(t)) return;
      const model = compileCnn(buildCnn({ ...TINY, seed: 5 }));
      const small = floats(320);
      const counts: Array<[number, number, number]> = [];
      const handles = () => (binding() as unknown as { getNumOfTensors(): number }).getNumOfTensors();
      await train(model, small, { epochs: 10, seed: 1, validationSplit: 0.2, onEvent: (e) => void (e.type === "epoch" && counts.push([tf.memory().numTensors, tf.memory().numBytes, handles()])) });
      // Epoch 1 runs op by op and compiles; from epoch 2 on every count is the same.
      for (const c of counts.slice(2)) assert.deepEqual(c, counts[1]);
      model.dispose();
    });

    test("once a model is garbage, its compiled functions leave TensorFlow's context", async (t) => {
      if (unpatched(t)) return;
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as () => void;
      const names: string[] = [];
      await (async () => {
        const model = compileCnn(buildCnn({ ...TINY, seed: 12 }));
        await train(model, floats(320), { epochs: 1, onEvent: (e) => void (e.type === "compiled" && names.push(e.info.name)) });
        model.dispose();
      })();
      assert.equal(names.length, 1);
      const registered = () => {
        try {
          (tf.backend() as unknown as { executeMultipleOutputs(n: string, a: unknown[], i: tf.Tensor[], k: number): tf.Tensor[] }).executeMultipleOutputs(names[0], [], [], 0);
        } catch (error) {
          return !/neither a type of a primitive operation nor a name of a function/.test((error as Error).message);
        }
        return true;
      };
      assert.ok(registered(), "registered while the model lives");
      for (let i = 0; i < 20 && registered(); i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(!registered(), `${names[0]} removed`);
    });

    test("a model trained compiled saves the same files as one trained op by op", async (t) => {
      if (unpatched(t)) return;
      const eager = await trainRun(false, floats(320), { model: () => compileCnn(buildCnn({ ...TINY, seed: 9 })), epochs: 1 });
      const compiled = await trainRun(true, floats(320), { model: () => compileCnn(buildCnn({ ...TINY, seed: 9 })), epochs: 1 });
      const dirs = [mkdtempSync(join(tmpdir(), "compiled-save-")), mkdtempSync(join(tmpdir(), "eager-save-"))];
      await saveModel(compiled.model, dirs[0]);
      await saveModel(eager.model, dirs[1]);
      const json = dirs.map((d) => JSON.parse(readFileSync(join(d, "model.json"), "utf8")));
      delete json[0].generatedBy;
      delete json[1].generatedBy;
      assert.deepEqual(json[0], json[1]);
      assert.ok(readFileSync(join(dirs[0], "weights.bin")).equals(readFileSync(join(dirs[1], "weights.bin"))), "the same weights.bin, byte for byte");
      eager.model.dispose();
      compiled.model.dispose();
    });

    test("a learner's own model.fit runs compiled through compileSteps, with the same history as without", async (t) => {
      if (unpatched(t)) return;
      const small = floats(640);
      const xs = tf.tensor4d(small.images.data, [640, 28, 28, 1]);
      const ys = tf.tensor2d(Float32Array.from(small.labels), [640, 1]);
      const fit = async (compiled: boolean) => {
        const model = compileCnn(buildCnn({ ...TINY, seed: 6 }));
        const events: CompiledStepEvent[] = [];
        const steps = compiled ? compileSteps(model, { onEvent: (e) => void events.push(e) }) : undefined;
        const counted = await countingCalls(() => model.fit(xs, ys, { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 }));
        steps?.release();
        const losses = counted.result.history.loss as number[];
        model.dispose();
        return { losses, events, compiledCalls: counted.compiled };
      };
      const eager = await fit(false);
      const compiled = await fit(true);
      assert.equal(compiled.events[0]?.type, "compiled");
      assert.equal(compiled.compiledCalls, 40, "40 batches: the first op by op, the second verified and run");
      assert.deepEqual(compiled.losses, eager.losses, "fit's epoch losses");
      tf.dispose([xs, ys]);
    });

    test("after release() the model's methods are its own again; setCompiledSteps(false) turns compiled steps off", async (t) => {
      if (unpatched(t)) return;
      const model = compileCnn(buildCnn({ ...TINY, seed: 6 }));
      const own = Object.getOwnPropertyNames(model).concat(Object.getOwnPropertyNames((model as unknown as { model: object }).model));
      compileSteps(model).release();
      assert.deepEqual(Object.getOwnPropertyNames(model).concat(Object.getOwnPropertyNames((model as unknown as { model: object }).model)), own);
      setCompiledSteps(false);
      const run = await trainRun(true, floats(320), { model: () => model, epochs: 1 });
      setCompiledSteps(true);
      assert.equal(run.compiledCalls, 0);
      assert.match(JSON.stringify(compiledEvents(run.events)), /compiled steps are off/);
      model.dispose();
    });
  });

  describe("prediction", () => {
    test("predictBatch compiles a batch shape seen twice and gives model.predict's values", async (t) => {
      if (unpatched(t)) return;
      const model = compileCnn(buildCnn({ seed: 3 }));
      const x = tf.tensor4d(floats(32).images.data, [32, 28, 28, 1]);
      const expected = (model.predict(x) as tf.Tensor).dataSync();
      const counted = await countingCalls(async () => [0, 1, 2].map(() => tf.tidy(() => predictBatch(model, x).dataSync())));
      assert.equal(counted.compiled, 3, "the first call runs op by op; the second compiles (a verifying call and its own), the third is one call");
      for (const got of counted.result) assert.deepEqual(got, expected, "probabilities, bit for bit");
      tf.dispose(x);
      model.dispose();
    });
  });

  describe("a learner's own evaluate and predict through compileSteps", () => {
    test("model.evaluate and a many-batch model.predict give the values op by op gives, in compiled calls", async (t) => {
      if (unpatched(t)) return;
      const model = compileCnn(buildCnn({ ...TINY, seed: 8 }));
      const data = floats(200);
      const x = tf.tensor4d(data.images.data, [200, 28, 28, 1]);
      const y = tf.tensor2d(Float32Array.from(data.labels), [200, 1]);
      const run = () => {
        const scores = (model.evaluate(x, y, { batchSize: 32 }) as tf.Scalar[]).map((s) => s.dataSync()[0]);
        const probs = tf.tidy(() => (model.predict(x, { batchSize: 32 }) as tf.Tensor).dataSync());
        return { scores, probs };
      };
      const eager = run();
      const steps = compileSteps(model);
      const counted = await countingCalls(async () => [run(), run()]);
      steps.release();
      for (const compiled of counted.result) {
        assert.deepEqual(compiled.scores, eager.scores, "loss and accuracy");
        assert.deepEqual(compiled.probs, eager.probs, "probabilities");
      }
      // 6 batches of 32 and one of 8 each time, for evaluate and for predict: the first 32 runs op by op,
      // the second compiles (a verifying call and its own); the lone 8 stays op by op.
      assert.equal(counted.compiled, 2 * (6 + 6));
      // Compiled again without the accuracy metric: the test function's compiled steps go with the old
      // optimizer. (A Sequential makes a new inner model when compiled; a functional model stays.)
      const functional = (model as unknown as { model: tf.LayersModel }).model;
      functional.compile({ optimizer: tf.train.sgd(0.1), loss: "sparseCategoricalCrossentropy" });
      const evaluateLoss = () => {
        const out = functional.evaluate(x, y, { batchSize: 32 });
        assert.ok(!Array.isArray(out), "without metrics evaluate gives the loss alone");
        return out.dataSync()[0];
      };
      const eagerLoss = evaluateLoss();
      const again = compileSteps(functional);
      const compiledLoss = [0, 1, 2].map(evaluateLoss);
      again.release();
      assert.deepEqual(compiledLoss, [eagerLoss, eagerLoss, eagerLoss]);
      tf.dispose([x, y]);
      model.dispose();
    });
  });

});

describe("compiled steps elsewhere", () => {
  test("on another backend train() says once that its steps run op by op, and why", async () => {
    const previous = tf.getBackend();
    await useBestBackend("cpu");
    try {
      const events: TrainEvent[] = [];
      const model = compileCnn(buildCnn({ ...TINY, seed: 1 }));
      await train(model, floats(64), { epochs: 1, onEvent: (e) => void events.push(e) });
      const reported = compiledEvents(events);
      assert.equal(reported.length, 1);
      assert.match(reported[0].type === "eager-fallback" ? reported[0].reason : "", /cpu backend runs op by op/);
      model.dispose();
    } finally {
      if (previous) await tf.setBackend(previous);
    }
  });
});
