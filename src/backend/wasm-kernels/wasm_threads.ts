/**
 * Opt-in: run the wasm backend on tfjs-backend-wasm's threaded SIMD build under Node.
 * tfjs 4.22 never picks that build in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false
 * there, tfjs issue #3830) and its loader hands the pthread worker a blob: URL that Node's
 * worker_threads cannot open. This loader writes the worker script to a temporary file and
 * gives the Emscripten module plain file paths instead. See environment.md, "Threads for the wasm backend".
 */
import * as tf from "@tensorflow/tfjs";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { InvalidArgumentError } from "../../errors";

interface EmscriptenModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread?: { runningWorkers: Array<{ unref(): void }>; unusedWorkers: Array<{ unref(): void }> };
  tfjs?: Record<string, unknown>;
}

type WasmPackage = typeof import("@tensorflow/tfjs-backend-wasm");

/**
 * Replaces the (not yet initialised) `wasm` backend with one on the threaded SIMD build using
 * `threads` XNNPACK threads. Returns false, changing nothing, when wasm is already running.
 */
export function registerThreadedWasmBackend(threads: number): boolean {
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new InvalidArgumentError("MNIST_WASM_THREADS", "an integer from 1 to 8", JSON.stringify(threads));
  }
  const wasmPackage = require("@tensorflow/tfjs-backend-wasm") as WasmPackage;
  // (tf.findBackend would start initialising the backend; look at the registry instead.)
  const engine = tf.engine() as unknown as { registry: Record<string, unknown>; pendingBackendInit?: unknown };
  if (engine.registry.wasm || tf.getBackend() === "wasm") return false;
  tf.removeBackend("wasm");
  tf.registerBackend("wasm", async () => {
    if (!(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"))) throw new Error("the threaded wasm build needs WebAssembly SIMD");
    const module = await loadThreadedModule(threads);
    wasmPackage.setThreadsCount(threads);
    const backend = new wasmPackage.BackendWasm(module as never);
    // Idle pool threads must not keep Node from exiting.
    for (const worker of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])]) worker.unref();
    return backend;
  }, 2);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  return true;
}

async function loadThreadedModule(threads: number): Promise<EmscriptenModule> {
  const outDir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "wasm-out");
  const factory = require(join(outDir, "tfjs-backend-wasm-threaded-simd.js")) as (config: object) => Promise<EmscriptenModule>;
  const { wasmWorkerContents } = require(join(outDir, "tfjs-backend-wasm-threaded-simd.worker.js")) as { wasmWorkerContents: string };
  // The real module object (not an import namespace copy): Emscripten calls require("os").cpus().
  const os = require("node:os") as typeof import("node:os");
  const workerPath = join(os.tmpdir(), `mnist-prep-tfjs-wasm-worker-${process.pid}.js`);
  // The worker source holds "\n" escapes that the package keeps as real newlines.
  writeFileSync(workerPath, wasmWorkerContents.replace(/\n/g, "\\n"));
  // The module sizes XNNPACK's pool as (logical cores / 2), read once while it starts, so a
  // 2-core machine gets 1 thread; report enough cores for the requested count meanwhile.
  const cpus = os.cpus;
  const patched = os as { cpus: typeof os.cpus };
  const real = cpus();
  if (real.length < 2 * threads) patched.cpus = () => Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  let module: EmscriptenModule;
  try {
    module = await factory({
      locateFile: (path: string) => (path.endsWith(".worker.js") ? workerPath : join(outDir, path)),
      mainScriptUrlOrBlob: join(outDir, "tfjs-backend-wasm-threaded-simd.js"),
    });
  } finally {
    patched.cpus = cpus;
  }
  module.tfjs = {
    init: module.cwrap("init", null, []),
    initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: module.cwrap("get_threads_count", "number", []),
    registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: module.cwrap("dispose_data", null, ["number"]),
    dispose: module.cwrap("dispose", null, []),
  };
  return module;
}
