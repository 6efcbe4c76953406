// Where a training step of the article's CNN (batch 32, Adam) spends its time on the native backend,
// op by op and compiled. Usage:
//   node --import tsx bench/native-step.ts [steps=50]
// Op by op: wall time per step, and the kernels' time per call (tf.profile, which times each binding
// call: kernel and dispatch together). Compiled: wall time per step split into the one binding call
// and the JavaScript around it; inside that call, the kernels' time comes from running the same graph
// in the .venv's TensorFlow (same version) with step statistics (bench/python/profile_graph.py),
// which also times the other C-API route (the GraphDef in a TF_Session) on the same graph.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { pythonHas, runPython, VENV_PYTHON } from "./harness";
import type { FunctionBinding, NativeBinding } from "../src/backend/compiled/native";
import { protoString, readProto } from "../src/backend/compiled/proto";
import { compileSteps, compiledStepsOf } from "../src/backend/compiled/steps";
import { buildCnn, compileCnn, loadMnist, useBestBackend } from "../src";
import { describeBackend } from "../src/book/notebook/environment";

interface GraphProfile {
  tensorflow: string; nodes: number; function_ms: number; session_ms: number;
  kernels_busy_ms: number; kernels_sum_ms: number; by_op: Array<[string, number, number]>;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

/** The ops of the last function graph in a RunMetadata, after TensorFlow's optimisations. */
function optimisedOps(metadata: Uint8Array): string[] {
  // RunMetadata.function_graphs (4) → FunctionGraphs.post_optimization_graph (3) → GraphDef.node (1) → NodeDef.op (2).
  const graphs = readProto(metadata).filter((f) => f.field === 4);
  const last = graphs.length > 0 ? readProto(graphs[graphs.length - 1].bytes).find((f) => f.field === 3) : undefined;
  if (!last) return [];
  return readProto(last.bytes).filter((f) => f.field === 1).map((node) => protoString(readProto(node.bytes).find((f) => f.field === 2)!)).filter((op) => op !== "_Arg" && op !== "_Retval");
}

/** Runs `f`, adding the time spent in the binding's calls of compiled functions to `timer.ms`. */
function timingCompiledCalls<T>(timer: { ms: number }, f: () => Promise<T>): Promise<T> {
  const backend = tf.backend() as unknown as { binding: NativeBinding };
  const real = backend.binding;
  const executeOp: NativeBinding["executeOp"] = (name, ...rest) => {
    if (!name.startsWith("mnist_prep_")) return real.executeOp(name, ...rest);
    const t0 = performance.now();
    try {
      return real.executeOp(name, ...rest);
    } finally {
      timer.ms += performance.now() - t0;
    }
  };
  backend.binding = Object.create(real, { executeOp: { value: executeOp } });
  return f().finally(() => {
    backend.binding = real;
  });
}

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 50);
  const info = await useBestBackend("node");
  const { train } = loadMnist();
  const x = tf.tensor4d(Float32Array.from(train.images.data.subarray(0, 32 * 784), (v) => v / 255), [32, 28, 28, 1]);
  const y = tf.tensor2d(Float32Array.from(train.labels.subarray(0, 32)), [32, 1]);
  const time = async (model: tf.LayersModel, onTimed = () => {}) => {
    for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
    onTimed();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
    return (performance.now() - t0) / steps;
  };

  // Op by op.
  const eager = compileCnn(buildCnn({ seed: 1 }));
  const eagerWall = await time(eager);
  let kernelMs = 0;
  let calls = 0;
  const byName = new Map<string, { ms: number; calls: number }>();
  const profiled = Math.min(steps, 10);
  for (let i = 0; i < profiled; i++) {
    const profile = await tf.profile(async () => void (await eager.trainOnBatch(x, y)));
    for (const k of profile.kernels) {
      const t = (Number(k.kernelTimeMs) || 0) / profiled;
      const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
      e.ms += t;
      e.calls += 1 / profiled;
      byName.set(k.name, e);
      kernelMs += t;
      calls += 1 / profiled;
    }
  }
  eager.dispose();
  console.log(`${describeBackend(info)}`);
  console.log(`\nop by op: ${ms(eagerWall)} per step of 32 (${Math.round(32000 / eagerWall)} img/s): ${Math.round(calls)} binding calls taking ${ms(kernelMs)} (kernels and their dispatch, timed one by one by tf.profile), JavaScript ≈ ${ms(Math.max(0, eagerWall - kernelMs))}`);
  for (const [name, v] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) {
    console.log(`${v.ms.toFixed(2).padStart(8)} ms ${String(Math.round(v.calls)).padStart(4)} calls  ${name}`);
  }

  // Compiled; the run metadata keeps the graph TensorFlow made of the function after Grappler.
  const model = compileCnn(buildCnn({ seed: 1 }));
  const handle = compileSteps(model);
  const inCall = { ms: 0 };
  const binding = (tf.backend() as unknown as { binding: FunctionBinding }).binding;
  binding.enableRunMetadata(true);
  await time(model); // compiles on its second step
  const optimised = optimisedOps(binding.exportRunMetadata());
  binding.enableRunMetadata(false);
  const compiledWall = await timingCompiledCalls(inCall, () => time(model, () => void (inCall.ms = 0)));
  const callMs = inCall.ms / steps;
  const [step] = compiledStepsOf(model);
  if (!step) throw new Error("the step did not compile");
  console.log(`\ncompiled: ${ms(compiledWall)} per step of 32 (${Math.round(32000 / compiledWall)} img/s): one binding call of ${ms(callMs)}, JavaScript around it ${ms(compiledWall - callMs)} (trainOnBatch's checks, arguments, results)`);
  console.log(`  the function: ${step.info.kernels} recorded kernels, ${step.info.graphBytes} bytes of GraphDef, compiled in ${step.info.compileMs.toFixed(0)} ms; after Grappler ${optimised.length} nodes (${optimised.filter((op) => op.startsWith("_Fused")).length} fused kernels)`);

  const has = pythonHas(["tensorflow"], VENV_PYTHON);
  if (has !== true) {
    console.log(`  (no kernel breakdown: ${has})`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), "mnist-profile-"));
    try {
      writeFileSync(join(dir, "graph.pb"), step.graph.graphDef);
      const args = step.argumentsFor([x, y]);
      const inputs = args.map((t, i) => {
        const file = `input${i}.bin`;
        const data = t.dataSync();
        writeFileSync(join(dir, file), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        return { name: step.graph.inputs[i], dtype: t.dtype, shape: t.shape, file };
      });
      writeFileSync(join(dir, "manifest.json"), JSON.stringify({ inputs, outputs: step.graph.outputs }));
      const p = runPython<GraphProfile>("profile_graph.py", [dir, String(Math.max(10, Math.min(steps, 50)))], {}, VENV_PYTHON);
      console.log(`  inside the call (the same graph in TensorFlow ${p.tensorflow}, step statistics): kernels busy ${ms(p.kernels_busy_ms)} of wall time (${ms(p.kernels_sum_ms)} summed over both cores' kernels), so dispatch and scheduling ≈ ${ms(Math.max(0, callMs - p.kernels_busy_ms))} (two processes, timed one after the other: on a busy machine an estimate)`);
      for (const [op, t, count] of p.by_op.slice(0, 10)) console.log(`${t.toFixed(2).padStart(8)} ms ${String(count).padStart(4)} nodes  ${op}`);
      console.log(`\nthe same graph, two C-API routes (Python, same library): function called by name ${ms(p.function_ms)} per run; GraphDef in a TF_Session fed and fetched ${ms(p.session_ms)} per run`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  handle.release();
  model.dispose();
  tf.dispose([x, y]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
