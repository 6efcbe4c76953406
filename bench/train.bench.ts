// Training and inference throughput of the article's CNN (batch 32, Adam) on every available
// tfjs backend, with the same model in PyTorch (2 threads) as the peer; on the native backend
// op by op and with compiled steps (one TensorFlow call per batch), train() itself among them,
// beside tf.keras; plus the wasm kernels of src/backend/wasm-kernels/ against the wasm package's
// own ones.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { buildCnn, compileCnn, loadMnist, train, useBestBackend } from "../src";
import { registerWasmTrainingKernels, unregisterWasmTrainingKernels } from "../src/backend/wasm-kernels";
import { compileSteps, compiledStepsOf } from "../src/backend/compiled/steps";
import { type BenchRow, pythonHas, runPython, timeIt, VENV_PYTHON } from "./harness";
import { describeBackend } from "../src/book/notebook/environment";

const BATCH = 32;
const TRAIN_BATCHES = Number(process.env.MNIST_BENCH_TRAIN_BATCHES ?? 20);
const CPU_TRAIN_BATCHES = 1;
const CPU_INFER_IMAGES = 200;
const INFER_BATCHES = [32, 500];
const THREADS = 2;

/** The article's CNN (buildCnn), compiled with Adam and one-hot labels like the PyTorch peer. */
function articleCnn(): tf.LayersModel {
  const model = buildCnn();
  model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
  return model;
}

interface TorchResult {
  train_seconds: number; train_images: number; infer_seconds: Record<string, number>; torch: string;
  train_seconds_extra_threads?: number; infer_seconds_extra_threads?: Record<string, number>; extra_threads?: number;
}

interface KerasResult { train_seconds: number; train_images: number; infer_seconds: Record<string, number>; tensorflow: string; keras: string }

interface Data { trainX: Float32Array; trainY: Uint8Array; testX: Float32Array; testY: Uint8Array }

async function benchData(): Promise<Data> {
  const mnist = await loadMnist();
  const n = TRAIN_BATCHES * BATCH;
  const scale = (bytes: Uint8Array) => Float32Array.from(bytes, (v) => v / 255);
  return {
    trainX: scale(mnist.train.images.data.subarray(0, n * 784)), trainY: mnist.train.labels.slice(0, n),
    testX: scale(mnist.test.images.data), testY: mnist.test.labels,
  };
}

/**
 * Seconds to train `batches` batches (after warm-up), and the inference seconds over `inferImages`
 * per batch size; with `compiled`, the model's steps and single-batch predictions run compiled.
 */
async function measure(data: Data, batches: number, warmup: number, repeat: number, inferImages: number, compiled = false) {
  tf.engine().startScope();
  const model = articleCnn();
  const steps = compiled ? compileSteps(model) : undefined;
  const nBatches = data.trainY.length / BATCH;
  const xs = tf.tensor4d(data.trainX, [data.trainY.length, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(Array.from(data.trainY), "int32"), 10);
  const batchesX = Array.from({ length: nBatches }, (_, i) => xs.slice(i * BATCH, BATCH));
  const batchesY = Array.from({ length: nBatches }, (_, i) => ys.slice(i * BATCH, BATCH));
  let next = 0;
  const train = async (count: number) => {
    for (let i = 0; i < count; i++, next++) await model.trainOnBatch(batchesX[next % nBatches], batchesY[next % nBatches]);
  };
  if (warmup > 0) await train(warmup);
  // Adam's moment variables appear on the first step; take it on two images when there is no warm-up.
  else await model.trainOnBatch(batchesX[0].slice(0, 2), batchesY[0].slice(0, 2));
  const before = tf.memory().numTensors;
  const trainSeconds = await timeIt(() => train(batches), { repeat, warmup: 0 });
  const leaked = tf.memory().numTensors - before;
  const testX = tf.tensor4d(data.testX.subarray(0, inferImages * 784), [inferImages, 28, 28, 1]);
  const inferSeconds: Record<number, number> = {};
  for (const size of INFER_BATCHES) {
    const infer = () => {
      for (let i = 0; i < inferImages; i += size) {
        tf.tidy(() => (model.predict(testX.slice(i, Math.min(size, inferImages - i)), { batchSize: size }) as tf.Tensor).argMax(-1).dataSync());
      }
    };
    inferSeconds[size] = await timeIt(infer, { repeat, warmup: 1 });
  }
  const compiledKinds = compiledStepsOf(model).map((step) => step.info.kind);
  steps?.release();
  tf.engine().endScope();
  model.dispose();
  return { trainSeconds, inferSeconds, leaked, compiledKinds };
}

/** Seconds of one train() epoch over the bench's training images (the article's compile: sparse labels, accuracy). */
async function measureTrain(data: Data, repeat: number): Promise<{ seconds: number; compiled: string }> {
  const model = compileCnn(buildCnn({ seed: 1 }));
  const images = { data: data.trainX, n: data.trainY.length, h: 28, w: 28 };
  let compiled = "no compiled-step event";
  const seconds = await timeIt(() => train(model, { images, labels: data.trainY }, {
    epochs: 1, seed: 1,
    onEvent: (e) => void (e.type === "compiled" && e.kind === "train" ? (compiled = `compiled: ${e.info.kernels} kernels → 1 call`) : e.type === "eager-fallback" ? (compiled = `op by op: ${e.reason}`) : undefined),
  }), { repeat, warmup: 1 });
  model.dispose();
  return { seconds, compiled };
}

/** Median ms of one kernel call on wasm, with our kernels and with the wasm package's own. */
async function kernelRows(): Promise<BenchRow[]> {
  await useBestBackend("wasm");
  const r = (shape: number[]) => tf.randomNormal(shape);
  const dy1 = r([32, 26, 26, 32]), x2 = r([32, 13, 13, 32]), dy2 = r([32, 11, 11, 64]), w2 = r([3, 3, 32, 64]);
  const p1 = tf.maxPool(dy1 as tf.Tensor4D, 2, 2, "valid");
  const kernel = (name: string, inputs: object, attrs: object) => () =>
    tf.tidy(() => { (tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor).dataSync(); });
  const cases: Array<[string, () => void]> = [
    ["Conv2DBackpropFilter, 2nd conv layer (x 32×13×13×32, dy 32×11×11×64)",
      kernel("Conv2DBackpropFilter", { x: x2, dy: dy2 }, { strides: 1, pad: "valid", dataFormat: "NHWC", filterShape: [3, 3, 32, 64] })],
    ["Conv2DBackpropInput, 2nd conv layer", kernel("Conv2DBackpropInput", { dy: dy2, filter: w2 }, { strides: 1, pad: "valid", dataFormat: "NHWC", inputShape: [32, 13, 13, 32] })],
    ["MaxPoolGrad, 1st pooling (32×26×26×32)", kernel("MaxPoolGrad", { dy: p1, input: dy1, output: p1 }, { filterSize: 2, strides: 2, pad: "valid" })],
  ];
  const rows: BenchRow[] = [];
  for (const [task, run] of cases) {
    const ours = await timeIt(run, { repeat: 7, warmup: 2 });
    unregisterWasmTrainingKernels();
    let theirs: number | undefined;
    try {
      theirs = await timeIt(run, { repeat: 7, warmup: 1 });
    } catch {
      theirs = undefined;
    } finally {
      registerWasmTrainingKernels();
    }
    rows.push({
      task: `wasm kernel: ${task}`, seconds: ours,
      peer: theirs === undefined ? undefined : { name: "tfjs-backend-wasm's own", seconds: theirs },
      note: theirs === undefined ? "tfjs-backend-wasm 4.22 has no such kernel (training throws)" : "includes reading the result back",
    });
  }
  tf.dispose([dy1, x2, dy2, w2, p1]);
  return rows;
}

export async function rows(): Promise<BenchRow[]> {
  const data = await benchData();
  const dir = mkdtempSync(join(tmpdir(), "mnist-bench-train-"));
  let torch: TorchResult | undefined;
  let torchNote = "";
  writeFileSync(join(dir, "train_x.f32"), data.trainX);
  writeFileSync(join(dir, "train_y.u8"), data.trainY);
  writeFileSync(join(dir, "test_x.f32"), data.testX);
  writeFileSync(join(dir, "test_y.u8"), data.testY);
  const has = pythonHas(["torch", "numpy"]);
  if (has === true) {
    torch = runPython("train_torch.py", [dir, String(TRAIN_BATCHES), "3", String(THREADS), INFER_BATCHES.join(","), "1"]);
  } else {
    torchNote = `; no PyTorch peer: ${has}`;
  }
  // The article's own stack: tf.keras model.fit / model.predict from the .venv's tensorflow-cpu.
  let keras: KerasResult | undefined;
  const hasKeras = pythonHas(["tensorflow"], VENV_PYTHON);
  let tfSteps: { eager_seconds: number; graph_seconds: number; train_images: number } | undefined;
  if (hasKeras === true) {
    keras = runPython<KerasResult>("train_keras.py", ["throughput", dir, String(TRAIN_BATCHES), INFER_BATCHES.join(",")], {}, VENV_PYTHON);
    tfSteps = runPython("train_keras.py", ["steps", dir, String(TRAIN_BATCHES)], {}, VENV_PYTHON);
  }
  const kerasNote = hasKeras === true ? "" : `; no tf.keras peer: ${hasKeras}`;
  rmSync(dir, { recursive: true, force: true });
  const peerTrain = torch && { name: `PyTorch ${torch.torch ?? ""} (${THREADS} threads)`, seconds: torch.train_seconds };
  // PyTorch at its best thread count (OpenMP's spinning threads can make 2 slower than 1 on a busy machine).
  const torchBest = torch && (torch.train_seconds_extra_threads !== undefined && torch.train_seconds_extra_threads < torch.train_seconds
    ? { name: `PyTorch ${torch.torch ?? ""} (best: ${torch.extra_threads} thread)`, seconds: torch.train_seconds_extra_threads }
    : { name: `PyTorch ${torch.torch ?? ""} (best: ${THREADS} threads)`, seconds: torch.train_seconds });
  const torchBestInfer = (size: number) => torch && Math.min(torch.infer_seconds[String(size)], torch.infer_seconds_extra_threads?.[String(size)] ?? Infinity);

  const out: BenchRow[] = [];

  for (const backend of ["node", "wasm", "cpu"] as const) {
    let info;
    try {
      info = await useBestBackend(backend);
    } catch (error) {
      out.push({ task: `train article CNN on ${backend}`, seconds: NaN, note: `unavailable: ${(error as Error).message.slice(0, 120)}` });
      continue;
    }
    const isCpu = info.name === "cpu";
    const batches = isCpu ? CPU_TRAIN_BATCHES : TRAIN_BATCHES;
    const inferImages = isCpu ? CPU_INFER_IMAGES : data.testY.length;
    const m = await measure(data, batches, isCpu ? 0 : 3, isCpu ? 1 : 3, inferImages);
    const scaleToPeer = (seconds: number, units: number, peerUnits: number) => (seconds * peerUnits) / units;
    const trainSeconds = torch ? scaleToPeer(m.trainSeconds, batches * BATCH, torch.train_images) : m.trainSeconds;
    const trainImages = torch ? torch.train_images : batches * BATCH;
    const native = info.name === "tensorflow";
    out.push({
      task: `train article CNN, batch 32, Adam — ${info.name}${native ? " op by op (trainOnBatch)" : ""} (${describeBackend(info)})`,
      seconds: trainSeconds, units: trainImages, unit: "img",
      peer: native ? torchBest : peerTrain,
      goal: info.name === "wasm" ? { text: "wasm ≥ 1.0× PyTorch", speedupAtLeast: 1.0 } : undefined,
      note: `${isCpu ? `measured on ${batches} batch (warm-up: one 2-image step), extrapolated` : `${batches} batches`}; numTensors change ${m.leaked}${torchNote}`,
    });
    const c = native ? await measure(data, batches, 3, 3, inferImages, true) : undefined;
    const t = native ? await measureTrain(data, 3) : undefined;
    if (native && c && t) {
      const kerasFit = keras && { name: `tf.keras fit (TensorFlow ${keras.tensorflow}, Keras ${keras.keras})`, seconds: keras.train_seconds };
      const perPeer = (seconds: number, units: number) => (seconds * units) / (batches * BATCH);
      out.push({
        task: "train() on the article's CNN, batch 32, Adam — tensorflow, compiled steps (one TensorFlow call per batch)",
        seconds: perPeer(t.seconds, trainImages), units: trainImages, unit: "img",
        peer: torchBest, goal: { text: "≥ 1.2× PyTorch at its best thread count", speedupAtLeast: 1.2 },
        note: `train() itself: batches gathered from flat arrays, events; ${t.compiled}`,
      });
      out.push(keras && kerasFit
        ? {
            task: "train() compiled — tensorflow vs tf.keras model.fit", seconds: perPeer(t.seconds, keras.train_images), units: keras.train_images, unit: "img",
            peer: kerasFit, goal: { text: "≥ 0.9× tf.keras fit", speedupAtLeast: 0.9 },
            note: "same libtensorflow build on both sides, each running one compiled graph per batch",
          }
        : { task: "train() compiled — tensorflow vs tf.keras model.fit", seconds: NaN, note: kerasNote.slice(2) });
      out.push({
        task: "trainOnBatch loop, compiled steps (compileSteps(model)) — tensorflow", seconds: perPeer(c.trainSeconds, trainImages), units: trainImages, unit: "img",
        peer: torchBest, note: `the same loop as the op-by-op row: ${(m.trainSeconds / c.trainSeconds).toFixed(2)}× as fast; compiled: ${c.compiledKinds.join(", ") || "nothing"}; numTensors change ${c.leaked}`,
      });
    }
    if (native && keras) {
      out.push({
        task: `train article CNN — tensorflow op by op vs tf.keras model.fit`,
        seconds: (m.trainSeconds * keras.train_images) / (batches * BATCH), units: keras.train_images, unit: "img",
        peer: { name: `tf.keras fit (TensorFlow ${keras.tensorflow}, Keras ${keras.keras})`, seconds: keras.train_seconds },
        note: "same libtensorflow build on both sides; Keras runs a compiled graph, tfjs-node op by op dispatches every kernel",
      });
    }
    if (native && tfSteps) {
      // Where the tf.keras gap comes from: the same step in TensorFlow itself, op by op and compiled.
      const seconds = (m.trainSeconds * tfSteps.train_images) / (batches * BATCH);
      out.push({
        task: "training step, op by op — tensorflow vs TensorFlow eager (GradientTape, Python)", seconds, units: tfSteps.train_images, unit: "img",
        peer: { name: "TensorFlow eager", seconds: tfSteps.eager_seconds },
        note: `the same step compiled with tf.function: ${Math.round(tfSteps.train_images / tfSteps.graph_seconds)} img/s (${(tfSteps.eager_seconds / tfSteps.graph_seconds).toFixed(1)}× TensorFlow eager)`,
      });
    }
    if (torch?.train_seconds_extra_threads && info.name === "wasm") {
      out.push({
        task: `train article CNN — wasm vs PyTorch with ${torch.extra_threads} thread`,
        seconds: trainSeconds, units: trainImages, unit: "img",
        peer: { name: `PyTorch (${torch.extra_threads} thread)`, seconds: torch.train_seconds_extra_threads },
        note: "same wasm run; PyTorch run again with 1 thread (less sensitive to a busy machine)",
      });
    }
    for (const size of INFER_BATCHES) {
      const seconds = scaleToPeer(m.inferSeconds[size], inferImages, data.testY.length);
      const extrapolated = isCpu ? `; measured on ${inferImages} images, extrapolated` : "";
      out.push({
        task: `inference over the 10 000 test images, batch ${size} — ${info.name}${native ? " op by op" : ""}`, seconds, units: data.testY.length, unit: "img",
        peer: native && keras ? { name: "tf.keras predict", seconds: keras.infer_seconds[String(size)] } : torch && { name: `PyTorch (${THREADS} threads)`, seconds: torch.infer_seconds[String(size)] },
        goal: info.name === "wasm" ? { text: "≥ 2× PyTorch", speedupAtLeast: 2.0 } : undefined,
        note: `same batch size for both${extrapolated}`,
      });
      if (native && c) {
        const compiledSeconds = scaleToPeer(c.inferSeconds[size], inferImages, data.testY.length);
        const task = `inference, batch ${size} — tensorflow, compiled (one call per batch)`;
        const note = `model.predict per batch with compileSteps; op by op: ${(seconds / compiledSeconds).toFixed(2)}× slower`;
        if (keras) out.push({ task: `${task} vs tf.keras model.predict`, seconds: compiledSeconds, units: data.testY.length, unit: "img", peer: { name: "tf.keras predict", seconds: keras.infer_seconds[String(size)] }, goal: { text: "≥ 1.0× tf.keras", speedupAtLeast: 1.0 }, note });
        const best = torchBestInfer(size);
        if (best !== undefined) out.push({ task: `${task} vs PyTorch at its best thread count`, seconds: compiledSeconds, units: data.testY.length, unit: "img", peer: { name: "PyTorch (best of 1 and 2 threads)", seconds: best }, goal: { text: "≥ 1.0× PyTorch", speedupAtLeast: 1.0 } });
      }
      if (torch?.infer_seconds_extra_threads && info.name === "wasm") {
        out.push({
          task: `inference, batch ${size} — wasm vs PyTorch with ${torch.extra_threads} thread`, seconds, units: data.testY.length, unit: "img",
          peer: { name: `PyTorch (${torch.extra_threads} thread)`, seconds: torch.infer_seconds_extra_threads[String(size)] },
        });
      }
    }
  }
  out.push(...(await kernelRows()));
  return out;
}
