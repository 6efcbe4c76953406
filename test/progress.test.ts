// Rendering of train()'s events: plain lines outside a notebook, the in-epoch line's ETA.
import assert from "node:assert/strict";
import { test, beforeEach } from "node:test";
import type { EpochLog, TrainEvent } from "../src/model/train";
import { setLanguage } from "../src/book/i18n";
import { fitProgress, formatBatchLine, linesBundle, notebookProgress } from "../src/book/notebook/progress";

beforeEach(() => setLanguage("en"));

const log = (epoch: number, seconds = 10): EpochLog => ({ epoch, loss: 0.5, acc: 0.8, val_loss: 0.4, val_acc: 0.9, seconds, imagesPerSecond: 100 });
const history = { epochs: [log(1), log(2)], stoppedEarly: true, backend: "cpu", seconds: 20, bestEpoch: 1 };

test("outside a notebook: one line per epoch, the restore note, nothing for batches", async () => {
  const lines: string[] = [];
  const render = notebookProgress({ log: (line) => void lines.push(line) });
  const events: TrainEvent[] = [
    { type: "start", epochs: 3, batchSize: 32, trainCount: 1000, validationCount: 100, backend: "cpu" },
    { type: "batch", epoch: 1, batch: 0, indices: new Uint32Array(32), loss: 1, acc: 0.5, seen: 32, meanLoss: 1, meanAcc: 0.5, epochSeconds: 0.3 },
    { type: "epoch", log: log(1), epochs: 3, elapsedSeconds: 10 },
    { type: "epoch", log: log(2), epochs: 3, elapsedSeconds: 20 },
    { type: "stop", epoch: 2, reason: "early-stopping" },
    { type: "restore", bestEpoch: 1, monitor: "val_loss", stoppedEarly: true },
    { type: "done", history },
  ];
  for (const event of events) await render(event);
  assert.deepEqual(lines, [
    "epoch 1/3  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.9000  100 img/s  10.0s  ETA 20.0s",
    "epoch 2/3  loss 0.5000  acc 0.8000  val_loss 0.4000  val_acc 0.9000  100 img/s  10.0s  ETA 10.0s",
    "early stop; restored weights of epoch 1 (best val_loss)",
  ]);
});

test("the in-epoch line: this epoch's ETA from its speed, all epochs' from the finished epochs' mean time", () => {
  const batch = { type: "batch", epoch: 2, batch: 9, indices: new Uint32Array(0), loss: 0.3, acc: 0.9, seen: 250, meanLoss: 0.25, meanAcc: 0.95, epochSeconds: 5 } as const;
  // 50 img/s → 750 images left take 15 s; then 2 more epochs at the 40 s mean of the finished ones.
  assert.equal(formatBatchLine(batch, 1000, 4, [log(1, 40)]), "epoch 2/4  250/1000  loss 0.2500  acc 0.9500  50 img/s  ETA 15.0s (all epochs 1m 35s)");
  assert.equal(formatBatchLine({ ...batch, epoch: 4 }, 1000, 4, [log(1, 40)]), "epoch 4/4  250/1000  loss 0.2500  acc 0.9500  50 img/s  ETA 15.0s");
});

test("in 中文 the progress lines come from the catalogue, with the same numbers", async () => {
  setLanguage("zh");
  const lines: string[] = [];
  const render = notebookProgress({ log: (line) => void lines.push(line) });
  await render({ type: "start", epochs: 3, batchSize: 32, trainCount: 1000, validationCount: 100, backend: "cpu" });
  await render({ type: "epoch", log: { ...log(1), learningRate: 0.001 }, epochs: 3, elapsedSeconds: 70 });
  await render({ type: "restore", bestEpoch: 1, monitor: "val_loss", stoppedEarly: false });
  assert.deepEqual(lines, [
    "第 1/3 轮  损失 0.5000  准确率 0.8000  验证损失 0.4000  验证准确率 0.9000  学习率 0.0010  100 张/秒  10.0 秒  预计剩余 2 分 20 秒",
    "已恢复第 1 轮的权重（val_loss 最佳）",
  ]);
  const batch = { type: "batch", epoch: 2, batch: 9, indices: new Uint32Array(0), loss: 0.3, acc: 0.9, seen: 250, meanLoss: 0.25, meanAcc: 0.95, epochSeconds: 5 } as const;
  assert.equal(formatBatchLine(batch, 1000, 4, [log(1, 40)]), "第 2/4 轮  250/1000  损失 0.2500  准确率 0.9500  50 张/秒  预计剩余 15.0 秒（全部轮次剩余 1 分 35 秒）");
});

test("fitProgress: model.fit's epochs as train()'s lines, the same loss and accuracy fit returns, and the run's seconds", async () => {
  const tf = await import("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: "softmax", inputShape: [3] })] });
  model.compile({ optimizer: "sgd", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const [x, y] = [tf.randomUniform([40, 3], 0, 1, "float32", 1), tf.tensor1d(Array.from({ length: 40 }, (_, i) => i % 2), "float32")];
  const lines: string[] = [];
  const progress = fitProgress({ log: (line) => void lines.push(line) });
  const history = await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: progress });
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^epoch 1\/2  loss \d\.\d{4}  acc \d\.\d{4}  \d+ img\/s  \d+\.\ds  ETA /);
  assert.match(lines[1], /^epoch 2\/2  /);
  assert.deepEqual(progress.epochs.map((e) => e.epoch), [1, 2]);
  progress.epochs.forEach((e, i) => {
    assert.ok(Math.abs(e.loss - (history.history.loss[i] as number)) < 1e-6, `epoch ${i + 1} loss`);
    assert.ok(Math.abs(e.acc - (history.history.acc[i] as number)) < 1e-6, `epoch ${i + 1} accuracy`);
  });
  assert.ok(progress.seconds > 0 && progress.seconds >= progress.epochs[0].seconds);
  assert.ok(progress.epochs.every((e) => Math.abs(e.imagesPerSecond * e.seconds - 40) < 1e-6), "40 images per epoch");
  tf.dispose([x, y]);
  model.dispose();
});

test("whether steps run compiled or op by op is said, with the reason, never silently", async () => {
  const lines: string[] = [];
  const render = notebookProgress({ log: (line) => void lines.push(line) });
  const info = { kind: "train" as const, name: "f", kernels: 275, arguments: { feeds: 2, variables: 20, learningRates: 1, uniformDraws: 0 }, variablesWritten: 30, graphBytes: 1, verifiedDifference: 0, compileMs: 212.4 };
  await render({ type: "compiled", kind: "train", shape: "float32[32,28,28,1]", info });
  await render({ type: "eager-fallback", kind: "evaluate", reason: "the wasm backend runs op by op" });
  assert.deepEqual(lines, ["training steps compiled into one TensorFlow call (275 kernels, 212 ms)", "evaluation steps run op by op: the wasm backend runs op by op"]);
  setLanguage("zh");
  await render({ type: "eager-fallback", kind: "train", reason: "x" });
  assert.equal(lines.at(-1), "训练步逐个算子运行：x");
});

test("the in-place area: finished lines then the running one, as text and as escaped HTML", () => {
  const bundle = linesBundle(["epoch 1/2  loss 0.1", "training steps run op by op: reads <tensor> & more"], "epoch 2/2  64/640");
  assert.equal(bundle["text/plain"], "epoch 1/2  loss 0.1\ntraining steps run op by op: reads <tensor> & more\nepoch 2/2  64/640");
  assert.equal(bundle["text/html"], '<pre style="margin:0">epoch 1/2  loss 0.1\ntraining steps run op by op: reads &lt;tensor&gt; &amp; more\nepoch 2/2  64/640</pre>');
  assert.equal(linesBundle(["a"])["text/plain"], "a", "no running line");
});

