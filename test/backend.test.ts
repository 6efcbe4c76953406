import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, UnavailableError, parseBackendChoice, useBestBackend } from "../src";

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
  assert.match(info.reason, /^forced by .*=cpu; pure JavaScript$/);
});

test("forcing wasm activates wasm with SIMD", async () => {
  const info = await useBestBackend("wasm");
  assert.equal(info.name, "wasm");
  assert.match(info.reason, /SIMD on/);
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
  } else {
    assert.equal(info.name, "wasm");
    assert.match(info.reason, /^node unavailable \(.+\); using wasm: SIMD on/);
    assert.deepEqual(info.attempts.map((a) => [a.choice, a.ok]), [["node", false], ["wasm", true]]);
  }
});

test("forcing an unavailable backend fails loudly instead of falling back", { skip: nativeLoads && "tfjs-node loads here" }, async () => {
  await assert.rejects(useBestBackend("node"), (e: unknown) => e instanceof UnavailableError && /backend node: expected a working tfjs backend/.test(e.message));
});
