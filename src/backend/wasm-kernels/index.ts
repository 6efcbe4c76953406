/**
 * Training kernels for the wasm backend: tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter
 * (so a CNN cannot train) and its Conv2DBackpropInput and MaxPoolGrad are slow.
 */
import * as tf from "@tensorflow/tfjs";
import { conv2DBackpropFilter } from "./conv2d_backprop_filter";
import { conv2DBackpropInput } from "./conv2d_backprop_input";
import { maxPoolGrad } from "./max_pool_grad";
import { makeBatchMatMul } from "./batch_mat_mul";
import { makeSlice } from "./slice";
import { setConv2DKernel, setMatMulKernel } from "./wasm_heap";

const BACKEND = "wasm";

/** How to make each kernel this package provides, from the wasm package's own kernel of that name (absent for some). */
const MAKE_TRAINING_KERNEL: Record<string, (original?: tf.KernelFunc) => tf.KernelFunc> = {
  Conv2DBackpropFilter: () => conv2DBackpropFilter as unknown as tf.KernelFunc,
  Conv2DBackpropInput: () => conv2DBackpropInput as unknown as tf.KernelFunc,
  MaxPoolGrad: () => maxPoolGrad as unknown as tf.KernelFunc,
  BatchMatMul: (original) => makeBatchMatMul(required(original, "BatchMatMul")),
  Slice: (original) => makeSlice(required(original, "Slice")),
};

function required(original: tf.KernelFunc | undefined, name: string): tf.KernelFunc {
  if (!original) throw new Error(`registerWasmTrainingKernels: the wasm backend has no ${name} kernel to wrap`);
  return original;
}

/** The wasm package's own kernels we replaced, to restore them on unregister. */
const replaced = new Map<string, tf.KernelConfig>();
let registered = false;

/** Names of the kernels `registerWasmTrainingKernels` adds or replaces on the wasm backend. */
export const WASM_TRAINING_KERNELS: readonly string[] = Object.keys(MAKE_TRAINING_KERNEL);

/**
 * Registers this package's training kernels on the `wasm` backend (idempotent). Called by
 * `useBestBackend()` when it activates wasm; call it yourself after `tf.setBackend("wasm")`.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const matMulKernel = tf.getKernel("BatchMatMul", BACKEND);
  if (!matMulKernel) throw new Error("registerWasmTrainingKernels: load @tensorflow/tfjs-backend-wasm first (no wasm BatchMatMul kernel)");
  setMatMulKernel(matMulKernel.kernelFunc);
  const conv2DKernel = tf.getKernel("Conv2D", BACKEND);
  if (!conv2DKernel) throw new Error("registerWasmTrainingKernels: the wasm backend has no Conv2D kernel");
  setConv2DKernel(conv2DKernel.kernelFunc);
  for (const [kernelName, make] of Object.entries(MAKE_TRAINING_KERNEL)) {
    const existing = tf.getKernel(kernelName, BACKEND);
    if (existing) {
      replaced.set(kernelName, existing);
      tf.unregisterKernel(kernelName, BACKEND);
    }
    // Keep the original's setupFunc: if the backend initialises after this call, wrapped
    // originals still need their wasm functions bound.
    tf.registerKernel({
      kernelName, backendName: BACKEND, kernelFunc: make(existing?.kernelFunc),
      setupFunc: existing?.setupFunc, disposeFunc: existing?.disposeFunc,
    });
  }
  registered = true;
}

/** Undoes `registerWasmTrainingKernels`, restoring the wasm package's own kernels (for comparisons). */
export function unregisterWasmTrainingKernels(): void {
  if (!registered) return;
  for (const kernelName of Object.keys(MAKE_TRAINING_KERNEL)) {
    tf.unregisterKernel(kernelName, BACKEND);
    const original = replaced.get(kernelName);
    if (original) tf.registerKernel(original);
  }
  replaced.clear();
  registered = false;
}
