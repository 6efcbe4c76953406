// How to feed the article's CNN: our train() loop (tensors built batch by batch; compiled steps on
// the native backend) against model.fitDataset over a tf.data generator (op by op), on the same
// images, batch 32.
import * as tf from "@tensorflow/tfjs";
import { buildCnn, compileCnn, head, ImageDataGenerator, loadMnist, train, useBestBackend, type TrainHistory } from "../src";
import { timeIt, type BenchRow } from "./harness";

export async function rows(): Promise<BenchRow[]> {
  const backend = await useBestBackend();
  const n = 640;
  const data = head(loadMnist().train, n);
  const loop = compileCnn(buildCnn({ seed: 1 }));
  const loopSeconds = await timeIt(() => train(loop, data, { epochs: 1, batchSize: 32, seed: 1 }), { repeat: 3, warmup: 1 });
  const viaDataset = compileCnn(buildCnn({ seed: 1 }));
  const dataset = tf.data.generator(function* () {
    for (let i = 0; i < n; i += 32) {
      const k = Math.min(32, n - i);
      const x = Float32Array.from(data.images.data.subarray(i * 784, (i + k) * 784), (v) => v / 255);
      yield { xs: tf.tensor4d(x, [k, 28, 28, 1]), ys: tf.tensor2d(Float32Array.from(data.labels.subarray(i, i + k)), [k, 1]) };
    }
  });
  const datasetSeconds = await timeIt(() => viaDataset.fitDataset(dataset as unknown as tf.data.Dataset<tf.TensorContainer>, { epochs: 1, verbose: 0 }), { repeat: 3, warmup: 1 });
  // The budget: augmentation (article settings) ≤ 5% of a training epoch.
  const augmented = compileCnn(buildCnn({ seed: 1 }));
  const augment = new ImageDataGenerator({ rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, shearRange: 0.1, fillMode: "nearest", seed: 1 });
  let last: TrainHistory | undefined;
  const augmentedSeconds = await timeIt(async () => void (last = await train(augmented, data, { epochs: 1, batchSize: 32, seed: 1, augment })), { repeat: 3, warmup: 1 });
  const share = last!.epochs[0].augmentSeconds! / last!.epochs[0].seconds;
  loop.dispose();
  viaDataset.dispose();
  augmented.dispose();
  const note = `backend ${backend.name}; article CNN, batch 32`;
  return [
    { task: `train() epoch, ${n} images (${backend.name === "tensorflow" ? "compiled steps" : "trainOnBatch loop"})`, seconds: loopSeconds, units: n, unit: "img", note },
    {
      task: `model.fitDataset epoch, ${n} images`,
      seconds: datasetSeconds,
      units: n,
      unit: "img",
      note: `${note}; train() is ${(datasetSeconds / loopSeconds).toFixed(2)}× as fast`,
    },
    {
      task: `train() epoch with augmentation (article settings), ${n} images`,
      seconds: augmentedSeconds,
      units: n,
      unit: "img",
      note: `${note}; augmentation took ${(100 * share).toFixed(1)}% of the epoch (goal ≤ 5%: ${share <= 0.05 ? "met" : "MISSED"})`,
    },
  ];
}
