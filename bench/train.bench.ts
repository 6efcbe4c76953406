// Training and inference throughput of the article's CNN (batch 32, Adam) on every available
// tfjs backend, with the same model in PyTorch (2 threads) as the peer; plus the wasm kernels
// of src/kernels/ against the wasm package's own ones.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { loadMnist, registerWasmTrainingKernels, unregisterWasmTrainingKernels, useBestBackend } from "../src";
import { type BenchRow, pythonHas, runPython, timeIt } from "./harness";

const BATCH = 32;
const TRAIN_BATCHES = Number(process.env.MNIST_BENCH_TRAIN_BATCHES ?? 20);
const CPU_TRAIN_BATCHES = 1;
const CPU_INFER_IMAGES = 200;
const INFER_BATCH = 500;
const THREADS = 2;

/** The article's CNN (Keras-style, as in the article), compiled with Adam. */
function articleCnn(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
  return model;
}

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

/** Seconds to train `batches` batches (after warm-up), and the inference seconds over `inferImages`. */
async function measure(data: Data, batches: number, warmup: number, repeat: number, inferImages: number) {
  tf.engine().startScope();
  const model = articleCnn();
  const nBatches = data.trainY.length / BATCH;
  const xs = tf.tensor4d(data.trainX, [data.trainY.length, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(Array.from(data.trainY), "int32"), 10);
  const batchesX = Array.from({ length: nBatches }, (_, i) => xs.slice(i * BATCH, BATCH));
  const batchesY = Array.from({ length: nBatches }, (_, i) => ys.slice(i * BATCH, BATCH));
  let next = 0;
  const train = async (count: number) => {
    for (let i = 0; i < count; i++, next++) await model.trainOnBatch(batchesX[next % nBatches], batchesY[next % nBatches]);
  };
  await train(warmup);
  const before = tf.memory().numTensors;
  const trainSeconds = await timeIt(() => train(batches), { repeat, warmup: 0 });
  const leaked = tf.memory().numTensors - before;
  const testX = tf.tensor4d(data.testX.subarray(0, inferImages * 784), [inferImages, 28, 28, 1]);
  const infer = () => {
    for (let i = 0; i < inferImages; i += INFER_BATCH) {
      tf.tidy(() => (model.predict(testX.slice(i, Math.min(INFER_BATCH, inferImages - i)), { batchSize: INFER_BATCH }) as tf.Tensor).argMax(-1).dataSync());
    }
  };
  const inferSeconds = await timeIt(infer, { repeat, warmup: 1 });
  tf.engine().endScope();
  model.dispose();
  return { trainSeconds, inferSeconds, leaked };
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
    ["Sum over N,H,W (conv bias gradient, 32×26×26×32)", kernel("Sum", { x: dy1 }, { axis: [0, 1, 2], keepDims: false })],
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
  let torch: Record<string, number> | undefined;
  let torchNote = "";
  const has = pythonHas(["torch", "numpy"]);
  if (has === true) {
    writeFileSync(join(dir, "train_x.f32"), data.trainX);
    writeFileSync(join(dir, "train_y.u8"), data.trainY);
    writeFileSync(join(dir, "test_x.f32"), data.testX);
    writeFileSync(join(dir, "test_y.u8"), data.testY);
    torch = runPython("train_torch.py", [dir, String(TRAIN_BATCHES), "3", String(THREADS), String(INFER_BATCH), "1"]);
  } else {
    torchNote = `; no PyTorch peer: ${has}`;
  }
  rmSync(dir, { recursive: true, force: true });
  const peerTrain = torch && { name: `PyTorch ${torch.torch ?? ""} (${THREADS} threads)`, seconds: torch.train_seconds };
  const peerInfer = torch && { name: `PyTorch (${THREADS} threads)`, seconds: torch.infer_seconds };
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
    out.push({
      task: `train article CNN, batch 32, Adam — ${info.name} (${info.reason})`,
      seconds: torch ? scaleToPeer(m.trainSeconds, batches * BATCH, torch.train_images) : m.trainSeconds,
      units: torch ? torch.train_images : batches * BATCH, unit: "img",
      peer: peerTrain, goal: info.name === "wasm" ? { text: "wasm ≥ 1.0× PyTorch", speedupAtLeast: 1.0 } : undefined,
      note: `${isCpu ? `measured on ${batches} batch (no warm-up), extrapolated` : `${batches} batches`}; numTensors change ${m.leaked}${torchNote}`,
    });
    if (torch?.train_seconds_extra_threads && info.name === "wasm") {
      out.push({
        task: `train article CNN — wasm vs PyTorch with ${torch.extra_threads} thread`,
        seconds: (m.trainSeconds * torch.train_images) / (batches * BATCH), units: torch.train_images, unit: "img",
        peer: { name: `PyTorch (${torch.extra_threads} thread)`, seconds: torch.train_seconds_extra_threads },
        note: "same wasm run; PyTorch trained again with 1 thread (less sensitive to a busy machine)",
      });
    }
    out.push({
      task: `inference over the 10 000 test images — ${info.name}`,
      seconds: scaleToPeer(m.inferSeconds, inferImages, data.testY.length),
      units: data.testY.length, unit: "img",
      peer: peerInfer, goal: info.name === "wasm" ? { text: "≥ 2× PyTorch", speedupAtLeast: 2.0 } : undefined,
      note: isCpu ? `measured on ${inferImages} images, extrapolated` : `batches of ${INFER_BATCH}`,
    });
  }
  out.push(...(await kernelRows()));
  return out;
}
