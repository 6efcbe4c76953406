import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, UnavailableError, parseBackendChoice, useBestBackend } from "../src";
import { describeBackend, describeLibtensorflow } from "../src/book";

test("parses backend names users write", () => {
  assert.equal(parseBackendChoice("node"), "node");
  assert.equal(parseBackendChoice(" TensorFlow "), "node");
  assert.equal(parseBackendChoice("wasm"), "wasm");
  assert.equal(parseBackendChoice("cpu"), "cpu");
  assert.throws(() => parseBackendChoice("webgl"), (e: unknown) => e instanceof InvalidArgumentError && /MNIST_BACKEND: expected one of node, wasm, cpu, found "webgl"/.test(e.message));
});

test("forcing cpu activates cpu and says so", async () => {
  const info = await useBestBackend("cpu");
  assert.equal(info.name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.deepEqual(info.selection, { by: "argument", forced: "cpu" });
  assert.deepEqual(info.detail, { kind: "cpu" });
  assert.match(describeBackend(info), /^cpu as asked; pure JavaScript$/);
});

test("forcing wasm activates wasm with SIMD", async () => {
  const info = await useBestBackend("wasm");
  assert.equal(info.name, "wasm");
  assert.equal(info.detail.kind === "wasm" && info.detail.simd, true);
  assert.match(describeBackend(info), /SIMD on/);
  assert.deepEqual(Array.from(await tf.tensor([1, 2]).square().data()), [1, 4]);
});

const nativeLoads = (() => {
  try {
    require("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
})();

test("automatic choice prefers tfjs-node, and explains a fallback", async () => {
  const info = await useBestBackend("");
  if (nativeLoads) {
    assert.equal(info.name, "tensorflow");
    const version = (tf.backend() as unknown as { binding: { TF_Version: string } }).binding.TF_Version;
    assert.equal(info.detail.kind === "node" && info.detail.libtensorflow.version, version);
    assert.deepEqual(info.selection, { by: "fastest" });
    assert.match(describeBackend(info), /^fastest available: libtensorflow \d+\.\d+\.\d+ (from PyPI's tensorflow-cpu wheel|official download)/);
  } else {
    assert.equal(info.name, "wasm");
    assert.match(describeBackend(info), /^node unavailable \(.+\); using wasm: SIMD on/);
    assert.deepEqual(info.attempts.map((a) => [a.choice, a.ok]), [["node", false], ["wasm", true]]);
  }
});

test("forcing an unavailable backend fails loudly instead of falling back", { skip: nativeLoads && "tfjs-node loads here" }, async () => {
  await assert.rejects(useBestBackend("node"), (e: unknown) => e instanceof UnavailableError && /backend node: expected a working tfjs backend/.test(e.message));
});

test("describes libtensorflow's origin for reports", () => {
  assert.equal(describeLibtensorflow({ version: "2.21.0", source: "pypi-wheel", from: "x.whl" }), "libtensorflow 2.21.0 from PyPI's tensorflow-cpu wheel (binding built by npm run setup)");
  assert.equal(describeLibtensorflow({ version: "2.9.1", source: "official", from: "" }), "libtensorflow 2.9.1 official download (tfjs-node's install script)");
  assert.match(describeLibtensorflow({ version: "2.21.0", source: "unknown", from: "no provenance.json" }), /origin unknown: no provenance.json/);
});

test("the backend line names what was forced, what failed and what runs", () => {
  const libtensorflow = { version: "2.21.0", source: "pypi-wheel" as const, from: "x.whl" };
  const native = { name: "tensorflow", choice: "node" as const, detail: { kind: "node" as const, libtensorflow } };
  assert.equal(describeBackend({ ...native, selection: { by: "MNIST_BACKEND", forced: "node" }, attempts: [{ choice: "node", ok: true }] }),
    "forced by MNIST_BACKEND=node; libtensorflow 2.21.0 from PyPI's tensorflow-cpu wheel (binding built by npm run setup)");
  const wasm = { name: "wasm", choice: "wasm" as const, selection: { by: "fastest" as const }, detail: { kind: "wasm" as const, simd: true, threads: 2, threaded: true } };
  assert.equal(describeBackend({ ...wasm, attempts: [{ choice: "node", ok: false, error: "no binding" }, { choice: "wasm", ok: true }] }),
    "node unavailable (no binding); using wasm: SIMD on, threads on (2)");
});
