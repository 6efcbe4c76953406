/**
 * The article's CNN (§5.2.4), its compilation (§5.2.5), saving/loading in the standard
 * TensorFlow.js LayersModel format on every backend, and fine-tuning done for real (§5.2.7).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, UnavailableError } from "../errors";

/** Options for `buildCnn`; every default reproduces the article's network exactly. */
export interface CnnOptions {
  /** Filters of conv1, conv2, conv3 (default [32, 64, 64]). */
  filters?: [number, number, number];
  /** Units of the hidden dense layer `dense1` (default 64). */
  denseUnits?: number;
  /** Classes of the softmax output (default 10). */
  numClasses?: number;
  /** Input height, width, channels (default [28, 28, 1]). */
  inputShape?: [number, number, number];
  /** Dropout rate before the output layer; 0 = none (default 0, as in the article). */
  dropout?: number;
  /** Batch normalisation after each convolution (conv → BN → ReLU); default false. */
  batchNorm?: boolean;
  /** L2 weight-decay factor on conv and dense kernels; 0 = none (default 0). */
  l2?: number;
  /** Seed for the weight initialisers (same seed → same initial weights); default: random. */
  seed?: number;
}

/** The article's layer names in order (without optional BN/dropout layers). */
export const ARTICLE_LAYER_NAMES = ["conv1", "pool1", "conv2", "pool2", "conv3", "flatten", "dense1", "output"] as const;

/** Parameters of the article's network: 320 + 18 496 + 36 928 + 36 928 + 650. */
export const ARTICLE_PARAMETER_COUNT = 93322;

function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(name, "a positive integer", String(value));
}

/**
 * Builds the article's CNN: Conv2D 32 3×3 relu → MaxPool 2 → Conv2D 64 3×3 relu → MaxPool 2 →
 * Conv2D 64 3×3 relu → Flatten → Dense 64 relu → Dense 10 softmax (93 322 parameters), with
 * layers named conv1, pool1, conv2, pool2, conv3, flatten, dense1, output. Not compiled.
 */
export function buildCnn(options: CnnOptions = {}): tf.Sequential {
  const filters = options.filters ?? [32, 64, 64];
  const denseUnits = options.denseUnits ?? 64;
  const numClasses = options.numClasses ?? 10;
  const inputShape = options.inputShape ?? [28, 28, 1];
  const dropout = options.dropout ?? 0;
  const l2 = options.l2 ?? 0;
  filters.forEach((f, i) => checkPositiveInt(`filters[${i}]`, f));
  checkPositiveInt("denseUnits", denseUnits);
  checkPositiveInt("numClasses", numClasses);
  inputShape.forEach((s, i) => checkPositiveInt(`inputShape[${i}]`, s));
  if (!(dropout >= 0 && dropout < 1)) throw new InvalidArgumentError("dropout", "a rate in [0, 1)", String(dropout));
  if (!(l2 >= 0)) throw new InvalidArgumentError("l2", "a non-negative factor", String(l2));
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new InvalidArgumentError("seed", "an integer", String(options.seed));
  }

  // Each kernel gets its own seed so two layers of equal shape do not start identical.
  let seedOffset = 0;
  const kernelInitializer = () =>
    tf.initializers.glorotUniform(options.seed === undefined ? {} : { seed: options.seed + 1000 * ++seedOffset });
  const kernelRegularizer = () => (l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined);
  const batchNorm = options.batchNorm ?? false;

  const model = tf.sequential({ name: "article_cnn" });
  const conv = (name: string, units: number, first: boolean) => {
    model.add(
      tf.layers.conv2d({
        name,
        filters: units,
        kernelSize: 3,
        activation: batchNorm ? "linear" : "relu",
        kernelInitializer: kernelInitializer(),
        kernelRegularizer: kernelRegularizer(),
        ...(first ? { inputShape } : {}),
      }),
    );
    if (batchNorm) {
      model.add(tf.layers.batchNormalization({ name: `${name}_bn` }));
      model.add(tf.layers.activation({ name: `${name}_relu`, activation: "relu" }));
    }
  };
  conv("conv1", filters[0], true);
  model.add(tf.layers.maxPooling2d({ name: "pool1", poolSize: 2 }));
  conv("conv2", filters[1], false);
  model.add(tf.layers.maxPooling2d({ name: "pool2", poolSize: 2 }));
  conv("conv3", filters[2], false);
  model.add(tf.layers.flatten({ name: "flatten" }));
  model.add(
    tf.layers.dense({ name: "dense1", units: denseUnits, activation: "relu", kernelInitializer: kernelInitializer(), kernelRegularizer: kernelRegularizer() }),
  );
  // tfjs reuses a dropout seed for every batch (the same mask each step), so no seed here:
  // with dropout > 0 training is not bit-for-bit reproducible.
  if (dropout > 0) model.add(tf.layers.dropout({ name: "dropout", rate: dropout }));
  model.add(tf.layers.dense({ name: "output", units: numClasses, activation: "softmax", kernelInitializer: kernelInitializer() }));
  return model;
}

/** Options for `compileCnn`. */
export interface CompileOptions {
  /** Adam's learning rate (default 0.001, Keras's `optimizer='adam'`). */
  learningRate?: number;
}

/**
 * Compiles as the article does: Adam, sparse categorical cross-entropy (integer labels), accuracy.
 * tfjs-layers 4.22 maps the `accuracy` metric to sparse categorical accuracy for this loss.
 */
export function compileCnn(model: tf.LayersModel, options: CompileOptions = {}): tf.LayersModel {
  const learningRate = options.learningRate ?? 0.001;
  if (!(learningRate > 0)) throw new InvalidArgumentError("learningRate", "a positive number", String(learningRate));
  // tfjs-layers owns (and disposes with the model) only optimizers it created from a name; this
  // Adam is created here for this model alone, so hand it over — else model.dispose() leaks its moments.
  const owned = model as unknown as { isOptimizerOwned?: boolean };
  if (model.optimizer && owned.isOptimizerOwned) model.optimizer.dispose(); // recompiling: free the old one
  model.compile({ optimizer: tf.train.adam(learningRate), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  owned.isOptimizerOwned = true;
  return model;
}

/** One row per layer: name, type, output shape, parameter count, trainable or not. */
export type LayerSummary = {
  name: string;
  type: string;
  outputShape: string;
  params: number;
  trainable: boolean;
};

/** The model summary as records (for `showTable`), like Keras's `model.summary()`. */
export function modelSummary(model: tf.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => {
    const shape = layer.outputShape as (number | null)[];
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: `(${shape.map((d) => (d === null ? "None" : d)).join(", ")})`,
      params: layer.countParams(),
      trainable: layer.trainable,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Saving and loading without tfjs-node's file:// handler.

const MODEL_JSON = "model.json";
const WEIGHTS_BIN = "weights.bin";

/** A tf.io handler that writes `model.json` + `weights.bin` into `dir` with node's fs. */
export function fileSystemSaveHandler(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new InvalidArgumentError("model", "a LayersModel (JSON topology)", "a binary graph model");
      }
      mkdirSync(dir, { recursive: true });
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      writeFileSync(join(dir, WEIGHTS_BIN), Buffer.from(weightData));
      writeFileSync(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** A tf.io handler that reads a `model.json` (and the weight files it lists) from `dir`. */
export function fileSystemLoadHandler(dir: string): tf.io.IOHandler {
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      const path = join(dir, MODEL_JSON);
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(readFileSync(path, "utf8")) as tf.io.ModelJSON;
      } catch (error) {
        throw new UnavailableError(path, "a readable TensorFlow.js model.json", (error as Error).message.split("\n")[0], "save one with saveModel(model, dir)");
      }
      if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
        throw new InvalidArgumentError(path, "modelTopology and weightsManifest", Object.keys(modelJson).join(", "));
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const bytes = readFileSync(join(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/**
 * Saves `model` into `dir` as `model.json` + `weights.bin` (standard tfjs LayersModel format,
 * loadable in a browser with `tf.loadLayersModel(url + "/model.json")`) on any backend.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  return model.save(fileSystemSaveHandler(dir));
}

/** Loads a model saved by `saveModel` (or any tfjs LayersModel folder) from `dir`. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileSystemLoadHandler(dir));
}

/** A copy of `model` with its own weights (the original stays untouched by later training). */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve, reject) => {
    model
      .save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) })))
      .catch(reject);
  });
  return tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, trainingConfig: undefined }));
}

// ---------------------------------------------------------------------------------------------
// Fine-tuning.

/** Options for `fineTune`. */
export interface FineTuneOptions {
  /** Freeze the base layers (their weights stay fixed); default true. */
  freezeBase?: boolean;
  /** Names of the base layers; default: every layer before `flatten`, and `flatten` itself. */
  baseLayers?: string[];
  /** Name of the head (output) layer to keep or replace; default "output". */
  headName?: string;
  /** Replace the head with a fresh Dense(numClasses, softmax); default: keep the trained head. */
  numClasses?: number;
  /** Adam learning rate for fine-tuning; default 1e-4 (a tenth of the article's 0.001). */
  learningRate?: number;
  /** Seed for the new head's initialiser. */
  seed?: number;
}

/**
 * Real fine-tuning: a copy of a trained model that keeps its convolutional base (frozen or not),
 * keeps the head or replaces it with a new softmax layer, and is recompiled with a lower
 * learning rate. The article's §5.2.7 instead builds and trains a *fresh* network with the same
 * architecture from random weights — that is training from scratch twice, not fine-tuning.
 * The original model is not modified.
 */
export async function fineTune(model: tf.LayersModel, options: FineTuneOptions = {}): Promise<tf.LayersModel> {
  const headName = options.headName ?? "output";
  const names = model.layers.map((l) => l.name);
  const headIndex = names.indexOf(headName);
  if (headIndex < 0) throw new InvalidArgumentError("headName", `one of the model's layers (${names.join(", ")})`, JSON.stringify(headName));
  if (headIndex !== names.length - 1) {
    throw new InvalidArgumentError("headName", `the last layer (${names[names.length - 1]})`, JSON.stringify(headName));
  }
  let baseLayers = options.baseLayers;
  if (baseLayers === undefined) {
    const flattenIndex = names.indexOf("flatten");
    if (flattenIndex < 0) throw new InvalidArgumentError("baseLayers", "a list of names (the model has no layer named flatten)", "none");
    baseLayers = names.slice(0, flattenIndex + 1);
  }
  for (const name of baseLayers) {
    if (!names.includes(name)) throw new InvalidArgumentError("baseLayers", `names of the model's layers (${names.join(", ")})`, JSON.stringify(name));
    if (name === headName) throw new InvalidArgumentError("baseLayers", "layers other than the head", JSON.stringify(name));
  }
  if (options.numClasses !== undefined) checkPositiveInt("numClasses", options.numClasses);

  const copy = await cloneModel(model);
  let tuned: tf.LayersModel = copy;
  if (options.numClasses !== undefined) {
    const seq = tf.sequential({ name: `${model.name}_finetuned` });
    for (const layer of copy.layers.slice(0, headIndex)) seq.add(layer);
    seq.add(
      tf.layers.dense({
        name: headName,
        units: options.numClasses,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform(options.seed === undefined ? {} : { seed: options.seed }),
      }),
    );
    // seq.add re-applies most of the copy's layers (reference count 2) but only `seq` is ever disposed:
    // drop the copy's references and its old head, so disposing the fine-tuned model frees every weight.
    for (const layer of copy.layers) {
      const refCount = (layer as unknown as { _refCount: number | null })._refCount ?? 0;
      if (!seq.layers.includes(layer) || refCount > 1) layer.dispose();
    }
    tuned = seq;
  }
  const freeze = options.freezeBase ?? true;
  for (const layer of tuned.layers) layer.trainable = !(freeze && baseLayers.includes(layer.name));
  compileCnn(tuned, { learningRate: options.learningRate ?? 1e-4 });
  return tuned;
}

/** Names of the layers whose weights training may change. */
export function trainableLayerNames(model: tf.LayersModel): string[] {
  return model.layers.filter((l) => l.trainable && l.countParams() > 0).map((l) => l.name);
}
