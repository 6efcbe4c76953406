// The opt-in threaded SIMD wasm build (MNIST_WASM_THREADS), run in a child process because a
// process can only initialise the wasm backend once.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { InvalidArgumentError } from "../src";
import { registerThreadedWasmBackend } from "../src/backend/wasm-kernels/wasm_threads";

const script = `
const tf = require("@tensorflow/tfjs");
const { useBestBackend } = require("./src");
const { describeBackend } = require("./src/book");
(async () => {
  const info = await useBestBackend("wasm");
  const x = tf.tensor4d(Array.from({ length: 2 * 5 * 5 * 3 }, (_, i) => (i % 7) - 3), [2, 5, 5, 3]);
  const w = tf.tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => (i % 5) - 2), [3, 3, 3, 4]);
  const dw = tf.grad((f) => tf.conv2d(x, f, 1, "same").sum())(w);
  console.log(JSON.stringify({ reason: describeBackend(info), sum: dw.sum().dataSync()[0] }));
})();`;

function run(env: Record<string, string>): { reason: string; sum: number } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: `${__dirname}/..`, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000,
  });
  assert.equal(r.status, 0, `child exited with ${r.status} (signal ${r.signal}): ${r.stderr.slice(-1000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test("MNIST_WASM_THREADS=2 runs the threaded build in Node, trains correctly and lets the process exit", () => {
  const threaded = run({ MNIST_WASM_THREADS: "2" });
  const single = run({ MNIST_WASM_THREADS: "" });
  assert.match(threaded.reason, /SIMD on, threads on \(2\)/);
  assert.match(single.reason, /SIMD on, threads off/);
  assert.equal(threaded.sum, single.sum);
});

test("MNIST_WASM_THREADS must be a thread count", () => {
  assert.throws(() => registerThreadedWasmBackend(0), InvalidArgumentError);
  assert.throws(() => registerThreadedWasmBackend(2.5), InvalidArgumentError);
});
