// Test helpers: temporary folders holding MNIST-like IDX files built byte by byte, and backend comparisons.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as tf from "@tensorflow/tfjs";
import { head } from "../src/data/subset";
import { loadMnist } from "../src/data/mnist";
import type { LabelledImages } from "../src/types";
import type { NativeBinding } from "../src/backend/compiled/native";

/** IDX bytes written by hand (independent of the writer under test). */
export function idxBytes(typeByte: number, shape: number[], payload: number[] | Uint8Array): Uint8Array {
  const header = [0, 0, typeByte, shape.length];
  for (const s of shape) header.push((s >>> 24) & 255, (s >>> 16) & 255, (s >>> 8) & 255, s & 255);
  return Uint8Array.from([...header, ...payload]);
}

/** A temporary folder. */
export const tempDir = (prefix = "mnist-prep-test-"): string => mkdtempSync(join(tmpdir(), prefix));

/** Writes a tiny valid MNIST folder (n train, m test images of h×w) and returns its path. */
export function tinyMnist(options: { n?: number; m?: number; h?: number; w?: number; gzip?: boolean } = {}): string {
  const { n = 6, m = 4, h = 3, w = 2, gzip = false } = options;
  const dir = tempDir();
  const put = (name: string, bytes: Uint8Array) =>
    writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  const pixels = (count: number) => Array.from({ length: count * h * w }, (_, i) => (i * 37) % 256);
  put("train-images-idx3-ubyte", idxBytes(0x08, [n, h, w], pixels(n)));
  put("train-labels-idx1-ubyte", idxBytes(0x08, [n], Array.from({ length: n }, (_, i) => i % 10)));
  put("t10k-images-idx3-ubyte", idxBytes(0x08, [m, h, w], pixels(m)));
  put("t10k-labels-idx1-ubyte", idxBytes(0x08, [m], Array.from({ length: m }, (_, i) => (i + 3) % 10)));
  return dir;
}

/** Switches tfjs to `backend` (failing the test when it cannot) and runs `f` there. */
export async function on<T>(backend: string, f: () => T): Promise<T> {
  assert.ok(await tf.setBackend(backend), `setBackend(${backend})`);
  return f();
}

/** Asserts `actual` equals `expected` element by element within `tol` relative to the largest |expected| (at least 1). */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= tol * scale)) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]} (|diff| ${diff}, scale ${scale})`);
  }
}

/** Why @tensorflow/tfjs-node does not load here (null when it does). */
export const nativeMissing: string | null = (() => {
  try {
    require("@tensorflow/tfjs-node");
    return null;
  } catch (error) {
    return (error as Error).message.split("\n")[0];
  }
})();

/** Whether the tests run in CI (where setup builds the native binding, so a missing one is a failure). */
export const ci = process.env.CI === "true" || process.env.CI === "1";

/** A skip reason for tests of the native backend when its binding is not built, else false. */
export const nativeSkip: string | false = nativeMissing !== null && `native binding not built (${nativeMissing}); npm run setup builds it`;

/** The first `n` MNIST training images after `offset`, normalised to [0, 1], with their labels. */
export function mnistFloats(n: number, offset = 0): LabelledImages<Float32Array> {
  const part = head(loadMnist().train, offset + n);
  return {
    images: { data: Float32Array.from(part.images.data.subarray(offset * 784), (v) => v / 255), n, h: 28, w: 28 },
    labels: part.labels.slice(offset),
  };
}

/** Runs `f` counting the binding's calls of compiled functions (by name prefix) and of everything else. */
export async function countingCalls<T>(f: () => Promise<T>): Promise<{ result: T; compiled: number; kernels: number }> {
  const backend = tf.backend() as unknown as { binding: NativeBinding };
  const real = backend.binding;
  const counts = { compiled: 0, kernels: 0 };
  const executeOp: NativeBinding["executeOp"] = (name, ...rest) => {
    if (name.startsWith("mnist_prep_")) counts.compiled++;
    else counts.kernels++;
    return real.executeOp(name, ...rest);
  };
  backend.binding = Object.create(real, { executeOp: { value: executeOp } });
  try {
    return { result: await f(), ...counts };
  } finally {
    backend.binding = real;
  }
}
