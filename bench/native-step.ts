// Where a training step of the article's CNN spends its time on the current backend: wall time per
// step, and time per kernel (tf.profile) summed over a few steps. Usage:
//   node --import tsx bench/native-step.ts [backend=node] [steps=10]
import * as tf from "@tensorflow/tfjs";
import { buildCnn, loadMnist, useBestBackend } from "../src";

async function main(): Promise<void> {
  const [backendArg = "node", stepsArg = "10"] = process.argv.slice(2);
  const steps = Number(stepsArg);
  const info = await useBestBackend(backendArg);
  const { train } = loadMnist();
  const x = tf.tensor4d(Float32Array.from(train.images.data.subarray(0, 32 * 784), (v) => v / 255), [32, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from(train.labels.subarray(0, 32)), "int32"), 10);
  const model = buildCnn({ seed: 1 });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
  for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const wall = (performance.now() - t0) / steps;
  const byKernel = new Map<string, { ms: number; calls: number }>();
  let kernelMs = 0;
  for (let i = 0; i < steps; i++) {
    const profile = await tf.profile(async () => void (await model.trainOnBatch(x, y)));
    for (const k of profile.kernels) {
      const ms = Number(k.kernelTimeMs) || 0;
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
      const entry = byKernel.get(key) ?? { ms: 0, calls: 0 };
      entry.ms += ms / steps;
      entry.calls += 1 / steps;
      byKernel.set(key, entry);
      kernelMs += ms / steps;
    }
  }
  const calls = [...byKernel.values()].reduce((a, b) => a + b.calls, 0);
  console.log(`backend ${info.name}: ${wall.toFixed(1)} ms per training step of 32 (${Math.round(32000 / wall)} img/s); kernels ${kernelMs.toFixed(1)} ms in ${Math.round(calls)} calls; outside kernels ${(wall - kernelMs).toFixed(1)} ms`);
  const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const [key, v] of rows) {
    const name = key.split(" ")[0];
    const e = byName.get(name) ?? { ms: 0, calls: 0 };
    e.ms += v.ms;
    e.calls += v.calls;
    byName.set(name, e);
  }
  console.log("\nper kernel (all shapes):");
  for (const [name, v] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
    console.log(`${v.ms.toFixed(2).padStart(7)} ms  ${String(Math.round(v.calls)).padStart(4)} calls  ${name}`);
  }
  console.log("\ntop kernel calls by shape:");
  for (const [key, v] of rows.slice(0, 15)) console.log(`${v.ms.toFixed(2).padStart(7)} ms  ${String(Math.round(v.calls)).padStart(3)}×  ${key}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
