// One full epoch of the article's training (60 000 images, batch 32, Adam, the article's
// ImageDataGenerator augmentation) on the best backend here (compiled steps on the native one),
// beside tf.keras doing the same with model.fit(datagen.flow(...)) from the .venv's
// tensorflow-cpu. One run each: an epoch is long.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCnn, compileCnn, head, ImageDataGenerator, loadMnist, train, useBestBackend } from "../src";
import { type BenchRow, pythonHas, runPython, VENV_PYTHON } from "./harness";

const ARTICLE_AUGMENTATION = { rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, shearRange: 0.1, fillMode: "nearest" } as const;

export async function rows(): Promise<BenchRow[]> {
  const { train: full } = loadMnist();
  let keras: { epoch_seconds: number; images: number; tensorflow: string } | undefined;
  const hasKeras = pythonHas(["tensorflow"], VENV_PYTHON);
  if (hasKeras === true) {
    const dir = mkdtempSync(join(tmpdir(), "mnist-bench-epoch-"));
    writeFileSync(join(dir, "full_x.u8"), full.images.data);
    writeFileSync(join(dir, "full_y.u8"), full.labels);
    keras = runPython("train_keras.py", ["epoch", dir], {}, VENV_PYTHON);
    rmSync(dir, { recursive: true, force: true });
  }
  const backend = await useBestBackend();
  const model = compileCnn(buildCnn({ seed: 1 }));
  // A short warm-up run, as on the Keras side (first-call costs are not part of an epoch).
  await train(model, head(full, 320), { epochs: 1, seed: 1, augment: new ImageDataGenerator({ ...ARTICLE_AUGMENTATION, seed: 1 }) });
  let steps = "";
  const history = await train(model, full, {
    epochs: 1, seed: 1, augment: new ImageDataGenerator({ ...ARTICLE_AUGMENTATION, seed: 1 }),
    onEvent: (e) => void (e.type === "eager-fallback" ? (steps = `; steps op by op: ${e.reason}`) : undefined),
  });
  model.dispose();
  const epoch = history.epochs[0];
  return [{
    task: `one training epoch with the article's augmentation, 60 000 images, batch 32 — ${backend.name}`,
    seconds: epoch.seconds, units: full.labels.length, unit: "img",
    peer: keras && { name: `tf.keras fit(datagen.flow) (TensorFlow ${keras.tensorflow})`, seconds: keras.epoch_seconds },
    goal: { text: "at most tf.keras fit(datagen.flow)'s time", ratioAtMost: 1 },
    note: `augmentation ${epoch.augmentSeconds?.toFixed(1) ?? "?"} s of it (${(100 * (epoch.augmentSeconds ?? NaN) / epoch.seconds).toFixed(1)}%)${steps || (backend.name === "tensorflow" ? "; compiled steps" : "")}${keras ? "" : `; no tf.keras peer: ${hasKeras}`}`,
  }];
}
