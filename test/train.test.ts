// Training loop: loss goes down, determinism, no tensor leaks, early stopping, validation, augmentation, evaluation.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildCnn, compileCnn, evaluate, exponentialDecay, head, InvalidArgumentError, loadMnist, lossAndAccuracy, perClassMetrics, SeededRandom, train, trainedIndices, type Augmenter, type TrainEvent, type EpochLog, type Images, type LabelledImages } from "../src";
import { EarlyStopper } from "../src/model/early-stopping";
import { confusionMatrixFigure, historyFrame, trainingCurves } from "../src/book/notebook/plots";
import { formatEpochLine } from "../src/book/notebook/progress";

const TINY = { filters: [4, 8, 8] as [number, number, number], denseUnits: 16 };

function floats(n: number, offset = 0): LabelledImages<Float32Array> {
  const { train: t } = loadMnist();
  const part = head(t, offset + n);
  return {
    images: { data: Float32Array.from(part.images.data.subarray(offset * 784), (v) => v / 255), n, h: 28, w: 28 },
    labels: part.labels.slice(offset),
  };
}

const weightsOf = async (model: tf.LayersModel) => (await Promise.all(model.getWeights().map((w) => w.data()))).map((d) => Array.from(d));

before(async () => {
  await tf.ready();
  const { useBestBackend } = await import("../src/backend/backend");
  await useBestBackend(process.env.MNIST_BACKEND ?? "cpu");
});

describe("train", () => {
  test("a few epochs on a small batch reduce the loss", async () => {
    const data = floats(64);
    const model = compileCnn(buildCnn({ ...TINY, seed: 1 }), { learningRate: 0.005 });
    const before = await evaluate(model, data);
    const history = await train(model, data, { epochs: 10, batchSize: 16, seed: 1 });
    const after = await evaluate(model, data);
    assert.equal(history.epochs.length, 10);
    assert.ok(history.epochs[9].loss < history.epochs[0].loss, `training loss ${history.epochs.map((e) => e.loss.toFixed(3))}`);
    assert.ok(after.loss < before.loss * 0.75, `loss ${before.loss} → ${after.loss}`);
    model.dispose();
  });

  test("the same seed gives the same weights after training; another seed different ones", async () => {
    const data = floats(48);
    const run = async (seed: number) => {
      const model = compileCnn(buildCnn({ ...TINY, seed: 11 }));
      await train(model, data, { epochs: 2, batchSize: 16, seed });
      const w = await weightsOf(model);
      model.dispose();
      return w;
    };
    const a = await run(5);
    assert.deepEqual(await run(5), a);
    assert.notDeepEqual(await run(6), a);
  });

  const rateOf = (m: tf.LayersModel) => (m.optimizer as unknown as { learningRate: number }).learningRate;

  test("learningRateSchedule also moves SGD, which keeps its rate in a tensor of its own", async () => {
    const data = floats(32);
    const sgd = () => {
      const m = buildCnn({ ...TINY, seed: 3 });
      m.compile({ optimizer: tf.train.sgd(0.1), loss: "sparseCategoricalCrossentropy" });
      return m;
    };
    const scheduled = sgd(), constant = sgd();
    await train(scheduled, data, { epochs: 2, batchSize: 16, seed: 2, compiled: false, learningRateSchedule: exponentialDecay(0.1) });
    await train(constant, data, { epochs: 2, batchSize: 16, seed: 2, compiled: false });
    assert.notDeepEqual(await weightsOf(scheduled), await weightsOf(constant));
    scheduled.dispose();
    constant.dispose();
  });

  test("learningRateSchedule sets the optimizer's rate before each epoch and logs it", async () => {
    const data = floats(32);
    const rates: number[] = [];
    const model = compileCnn(buildCnn({ ...TINY, seed: 3 }), { learningRate: 0.002 });
    const history = await train(model, data, {
      epochs: 3, batchSize: 16, seed: 2, learningRateSchedule: exponentialDecay(0.5),
      onEvent: (e) => void (e.type === "batch" && rates.push(rateOf(model))),
    });
    assert.deepEqual(history.epochs.map((e) => e.learningRate), [0.002, 0.001, 0.0005]);
    assert.deepEqual(rates, [0.002, 0.002, 0.001, 0.001, 0.0005, 0.0005]);
    assert.ok(historyFrame(history).columns.includes("learningRate"));
    // The rate really drives the update: epoch 2 at the scheduled 0.001 equals a run set to 0.001 by hand.
    const manual = compileCnn(buildCnn({ ...TINY, seed: 3 }), { learningRate: 0.002 });
    const setRate = (rate: number) => void ((manual.optimizer as unknown as { learningRate: number }).learningRate = rate);
    await train(manual, data, { epochs: 3, batchSize: 16, seed: 2,
      onEvent: (e) => void (e.type === "epoch" && setRate(0.002 * 0.5 ** e.log.epoch)),
    });
    assert.deepEqual(await weightsOf(model), await weightsOf(manual));
    const constant = compileCnn(buildCnn({ ...TINY, seed: 3 }), { learningRate: 0.002 });
    await train(constant, data, { epochs: 3, batchSize: 16, seed: 2 });
    assert.notDeepEqual(await weightsOf(model), await weightsOf(constant));
    assert.throws(() => exponentialDecay(0), InvalidArgumentError);
    await assert.rejects(train(model, data, { epochs: 1, learningRateSchedule: () => -1 }), (e: unknown) => e instanceof InvalidArgumentError && /learningRateSchedule\(0\)/.test((e as Error).message));
    for (const m of [model, manual, constant]) m.dispose();
  });

  test("tf.memory().numTensors stays flat across epochs and after training (with validation and early stopping)", async () => {
    const data = floats(40);
    const model = compileCnn(buildCnn({ ...TINY, seed: 2 }));
    await train(model, data, { epochs: 1, batchSize: 16, seed: 1 }); // optimizer slots exist now
    const start = tf.memory().numTensors;
    const perEpoch: number[] = [];
    await train(model, data, {
      epochs: 4,
      batchSize: 16,
      seed: 2,
      validationSplit: 0.25,
      earlyStopping: { monitor: "val_loss", patience: 10 },
      onEvent: (e) => void (e.type === "epoch" && perEpoch.push(tf.memory().numTensors)),
    });
    assert.equal(perEpoch.length, 4);
    // after epoch 1 the best-weights copy exists; from then on the count must not move
    assert.deepEqual(perEpoch.slice(1), [perEpoch[1], perEpoch[1], perEpoch[1]], `per epoch: ${perEpoch}`);
    assert.ok(perEpoch[0] - start <= model.getWeights().length, `epoch 1: ${perEpoch[0]} vs start ${start}`);
    assert.equal(tf.memory().numTensors, start, "no tensors left behind after train()");
    model.dispose();
  });

  test("early stopping stops after `patience` epochs without improvement and restores the best weights", async () => {
    const data = floats(32);
    const model = compileCnn(buildCnn({ ...TINY, seed: 3 }));
    const scripted = [1.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.2];
    const snapshots = new Map<number, number[][]>();
    const history = await train(model, data, {
      epochs: 8,
      batchSize: 16,
      seed: 3,
      earlyStopping: { monitor: (log) => scripted[log.epoch - 1], patience: 2 },
      onEvent: async (e) => void (e.type === "epoch" && snapshots.set(e.log.epoch, await weightsOf(model))),
    });
    assert.equal(history.stoppedEarly, true);
    assert.equal(history.epochs.length, 4, "epochs 3 and 4 did not improve on epoch 2 → stop after 4");
    assert.equal(history.bestEpoch, 2);
    const final = await weightsOf(model);
    assert.deepEqual(final, snapshots.get(2));
    assert.notDeepEqual(final, snapshots.get(4));
    model.dispose();
  });

  test("events arrive in order: start, batches then epoch per epoch, stop, restore, done", async () => {
    const data = floats(32);
    const model = compileCnn(buildCnn({ ...TINY, seed: 3 }));
    const scripted = [1.0, 0.5, 0.7, 0.8];
    const events: TrainEvent[] = [];
    const history = await train(model, data, {
      epochs: 6, batchSize: 16, seed: 3, validationSplit: 0.25,
      earlyStopping: { monitor: (log) => scripted[log.epoch - 1], patience: 2 },
      onEvent: (event) => void events.push(event),
    });
    const stepEvents = events.filter((e) => e.type !== "compiled" && e.type !== "eager-fallback");
    const types = stepEvents.map((e) => (e.type === "batch" ? `b${e.epoch}.${e.batch}` : e.type === "epoch" ? `e${e.log.epoch}` : e.type));
    assert.deepEqual(types, ["start", "b1.0", "b1.1", "e1", "b2.0", "b2.1", "e2", "b3.0", "b3.1", "e3", "b4.0", "b4.1", "e4", "stop", "restore", "done"]);
    assert.deepEqual(events[0], { type: "start", epochs: 6, batchSize: 16, trainCount: 24, validationCount: 8, backend: tf.getBackend() });
    const batches = events.filter((e): e is Extract<TrainEvent, { type: "batch" }> => e.type === "batch" && e.epoch === 1);
    assert.deepEqual(batches.map((b) => [b.indices.length, b.seen]), [[16, 16], [8, 24]]);
    const epochOne = events.find((e) => e.type === "epoch");
    assert.equal(epochOne?.type === "epoch" && epochOne.log, history.epochs[0]);
    assert.equal(batches[1].meanLoss, history.epochs[0].loss, "the last batch's running mean is the epoch's loss");
    assert.deepEqual(events.at(-2), { type: "restore", bestEpoch: 2, monitor: "monitored value", stoppedEarly: true });
    model.dispose();
  });

  test("validationSplit's held-out indices are reported and never trained on; the trained ones cover the rest", async () => {
    const data = floats(40);
    const model = compileCnn(buildCnn({ ...TINY, seed: 5 }));
    const recorder = trainedIndices();
    const history = await train(model, data, { epochs: 2, batchSize: 8, seed: 5, validationSplit: 0.25, onEvent: recorder.onEvent });
    assert.deepEqual(Array.from(history.validationIndices ?? []), [30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    assert.deepEqual([...recorder.indices].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
    const explicit = await train(model, data, { epochs: 1, batchSize: 8, validationData: floats(8, 40) });
    assert.equal(explicit.validationIndices, undefined, "explicit validation data are not indices of the training data");
    model.dispose();
  });

  test("unknown options are errors; verbose points to onEvent", async () => {
    const data = floats(8);
    const model = compileCnn(buildCnn({ ...TINY, seed: 1 }));
    const options = { epochs: 1, verbose: false } as unknown as Parameters<typeof train>[2];
    await assert.rejects(train(model, data, options), (e: unknown) => e instanceof InvalidArgumentError && e.input === "train option verbose" && /onEvent/.test((e as Error).message));
    model.dispose();
  });

  test("progress lines round durations before splitting them into minutes and hours", () => {
    const log = { epoch: 1, loss: 0.5, acc: 0.8, seconds: 59.96, imagesPerSecond: 800 };
    const eta = (seconds: number) => formatEpochLine(log, 10, seconds).split("ETA ")[1];
    assert.equal(eta(41.74), "41.7s");
    assert.equal(eta(659.6), "11m 0s");
    assert.equal(eta(605.2), "10m 5s");
    assert.equal(eta(3599.7), "1h 0m");
    assert.equal(eta(7170), "2h 0m");
    assert.match(formatEpochLine(log, 10), /800 img\/s {2}1m 0s$/);
  });

  test("EarlyStopper follows Keras's rule (mode from the metric, minDelta, patience 0)", () => {
    const log = (epoch: number, val_acc: number): EpochLog => ({ epoch, loss: 0, acc: 0, val_acc, seconds: 0, imagesPerSecond: 0 });
    const s = new EarlyStopper({ monitor: "val_acc", patience: 1, minDelta: 0.01 });
    assert.equal(s.mode, "max");
    assert.deepEqual(s.update(log(1, 0.9)), { improved: true, stop: false });
    assert.deepEqual(s.update(log(2, 0.905)), { improved: false, stop: true });
    const z = new EarlyStopper({ monitor: "loss", patience: 0 });
    assert.deepEqual(z.update({ ...log(1, 0), loss: 1 }), { improved: true, stop: false });
    assert.deepEqual(z.update({ ...log(2, 0), loss: 2 }), { improved: false, stop: true });
    assert.throws(() => new EarlyStopper({ monitor: "val_loss" }).update(log(1, 0.5)), InvalidArgumentError);
  });

  test("validationSplit holds out the last fraction (as Keras) and augmentation touches training batches only", async () => {
    const data = floats(40);
    const seen: number[] = [];
    const marker = 0.123456; // no MNIST byte/255 equals this
    const random = new SeededRandom(4);
    const augment: Augmenter = {
      augmentBatch(images: Images<Float32Array>) {
        seen.push(images.n);
        assert.ok(!images.data.includes(Math.fround(marker)), "validation image reached the augmenter");
        const out = Float32Array.from(images.data, (v) => Math.min(1, v + 0.05 * random.random()));
        return { ...images, data: out };
      },
    };
    data.images.data.fill(marker, 30 * 784, 40 * 784); // mark the validation part (last 25%)
    const model = compileCnn(buildCnn({ ...TINY, seed: 4 }));
    const history = await train(model, data, { epochs: 2, batchSize: 8, seed: 4, validationSplit: 0.25, augment });
    assert.deepEqual(seen, [8, 8, 8, 6, 8, 8, 8, 6]);
    const held = { images: { data: data.images.data.subarray(30 * 784), n: 10, h: 28, w: 28 }, labels: data.labels.subarray(30) };
    const ev = await evaluate(model, held);
    assert.ok(Math.abs(history.epochs[1].val_loss! - ev.loss) < 1e-6);
    assert.equal(history.epochs[1].val_acc, ev.accuracy);
    model.dispose();
  });

  test("any augmentBatch is accepted, once per batch; a wrong-sized batch back is an error", async () => {
    const data = floats(24);
    let calls = 0;
    const invert: Augmenter = {
      augmentBatch(images: Images<Float32Array>) {
        calls++;
        return { ...images, data: images.data.map((v) => 1 - v) };
      },
    };
    const model = compileCnn(buildCnn({ ...TINY, seed: 4 }));
    await train(model, data, { epochs: 1, batchSize: 8, seed: 4, augment: invert });
    assert.equal(calls, 3);
    const shrink = { augmentBatch: (images: Images<Float32Array>) => ({ ...images, n: 1, data: images.data.subarray(0, 784) }) };
    await assert.rejects(train(model, data, { epochs: 1, augment: shrink }), (e: unknown) => e instanceof InvalidArgumentError && e.input === "augment");
    model.dispose();
  });

  test("ImageDataGenerator plugs in as `augment`: same generator seed → same weights, another seed different ones", async () => {
    const { ImageDataGenerator } = await import("../src/prep/augment");
    const data = floats(32);
    const run = async (generatorSeed: number) => {
      const augment: Augmenter = new ImageDataGenerator({ rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, shearRange: 0.1, fillMode: "nearest", seed: generatorSeed });
      const model = compileCnn(buildCnn({ ...TINY, seed: 12 }));
      const history = await train(model, data, { epochs: 1, batchSize: 16, seed: 12, augment });
      const { augmentSeconds, seconds } = history.epochs[0];
      assert.ok(augmentSeconds !== undefined && augmentSeconds > 0 && augmentSeconds < seconds, `augmentSeconds ${augmentSeconds} of ${seconds}`);
      const w = await weightsOf(model);
      model.dispose();
      return w;
    };
    const a = await run(1);
    assert.deepEqual(await run(1), a);
    assert.notDeepEqual(await run(2), a);
  });

  test("bytes are scaled to [0, 1] batch by batch: same result as normalised floats", async () => {
    const { train: t } = loadMnist();
    const bytes = head(t, 32);
    const f = floats(32);
    const run = async (data: LabelledImages<Float32Array> | LabelledImages<Uint8Array>) => {
      const model = compileCnn(buildCnn({ ...TINY, seed: 8 }));
      await train(model, data, { epochs: 1, batchSize: 16, seed: 8 });
      const w = await weightsOf(model);
      model.dispose();
      return w;
    };
    assert.deepEqual(await run(bytes), await run(f));
  });

  test("bad arguments are rejected with the argument's name", async () => {
    const data = floats(8);
    const model = compileCnn(buildCnn({ ...TINY, seed: 1 }));
    await assert.rejects(train(model, data, { epochs: 0 }), (e: unknown) => e instanceof InvalidArgumentError && e.input === "epochs");
    await assert.rejects(train(model, data, { validationSplit: 1.5 }), (e: unknown) => e instanceof InvalidArgumentError && e.input === "validationSplit");
    await assert.rejects(train(buildCnn(TINY), data), (e: unknown) => e instanceof InvalidArgumentError && /compileCnn/.test((e as Error).message));
    await assert.rejects(train(model, { ...data, labels: data.labels.subarray(0, 3) }), (e: unknown) => e instanceof InvalidArgumentError && e.input === "data.labels");
    model.dispose();
  });

  test("history → danfojs frame and plotly curves", async () => {
    const history = {
      epochs: [
        { epoch: 1, loss: 0.5, acc: 0.8, val_loss: 0.4, val_acc: 0.85, seconds: 2, imagesPerSecond: 100 },
        { epoch: 2, loss: 0.3, acc: 0.9, val_loss: 0.35, val_acc: 0.88, seconds: 2, imagesPerSecond: 110 },
      ],
      stoppedEarly: false,
      backend: "cpu",
      seconds: 4,
      bestEpoch: 2,
    };
    const frame = historyFrame(history);
    assert.deepEqual(frame.columns, ["epoch", "loss", "acc", "val_loss", "val_acc", "seconds", "imagesPerSecond"]);
    assert.deepEqual(frame.values, [[1, 0.5, 0.8, 0.4, 0.85, 2, 100], [2, 0.3, 0.9, 0.35, 0.88, 2, 110]]);
    const fig = trainingCurves(history);
    assert.deepEqual(fig.data.map((d) => d.name), ["train loss", "validation loss", "train accuracy", "validation accuracy"]);
    assert.deepEqual(fig.data[1].y, [0.4, 0.35]);
  });
});

describe("evaluate", () => {
  test("per-class precision, recall and F1 from a confusion matrix (hand-computed)", () => {
    // true 0: 3 right, 1 called 1;  true 1: 2 right;  true 2: none present, one image predicted 2 (from class 1)
    const m = perClassMetrics([[3, 1, 0], [0, 2, 1], [0, 0, 0]]);
    assert.deepEqual(m[0], { digit: 0, precision: 1, recall: 0.75, f1: (2 * 0.75) / 1.75, support: 4 });
    assert.equal(m[1].precision, 2 / 3);
    assert.equal(m[1].recall, 2 / 3);
    assert.deepEqual(m[2], { digit: 2, precision: 0, recall: 0, f1: 0, support: 0 });
  });

  test("loss and accuracy from probabilities (clipped as Keras)", () => {
    const probs = Float32Array.from([0.75, 0.25, 0.25, 0.75, 1, 0]);
    const { loss, acc } = lossAndAccuracy(probs, 2, Uint8Array.from([0, 0, 1]));
    assert.equal(acc, 1 / 3);
    const expected = (-Math.log(0.75) - Math.log(0.25) - Math.log(1e-7)) / 3;
    assert.ok(Math.abs(loss - expected) < 1e-9, `${loss} vs ${expected}`);
  });

  test("evaluate returns a consistent report: confusion sums, accuracy = trace/n, mistakes sorted by confidence", async () => {
    const data = floats(50);
    const model = compileCnn(buildCnn({ ...TINY, seed: 9 }));
    const before = tf.memory().numTensors;
    const ev = await evaluate(model, data, { batchSize: 16 });
    assert.equal(tf.memory().numTensors, before);
    assert.equal(ev.n, 50);
    assert.equal(ev.confusion.flat().reduce((a, b) => a + b, 0), 50);
    const trace = ev.confusion.reduce((a, row, i) => a + row[i], 0);
    assert.equal(ev.accuracy, trace / 50);
    assert.equal(ev.mistakes.length, 50 - trace);
    for (let i = 1; i < ev.mistakes.length; i++) assert.ok(ev.mistakes[i - 1].confidence >= ev.mistakes[i].confidence);
    for (const mk of ev.mistakes) assert.ok(mk.label === data.labels[mk.index] && mk.predicted === ev.predictions[mk.index] && mk.predicted !== mk.label);
    const fig = confusionMatrixFigure(ev);
    assert.equal((fig.data[0].text as string[][])[3][3], String(ev.confusion[3][3]));
    model.dispose();
  });
});
