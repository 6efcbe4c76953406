/**
 * Kernels for the native backend (tfjs-node) where its own are slow. tfjs-node's `Step` (the relu
 * gradient's mask, `dy * step(x)`) runs five TensorFlow ops and allocates two full-size tensors
 * (isNaN, greater, ones, fill, select): about a fifth of a training step of the article's CNN.
 * For `alpha = 0` the same values, NaN included, are `sign(relu(x))`: two element-wise ops.
 */
import * as tf from "@tensorflow/tfjs";

const BACKEND = "tensorflow";

interface NodeBackend {
  executeSingleInput(name: string, input: tf.Tensor): tf.Tensor;
}

let original: tf.KernelConfig | undefined;
let registered = false;

function step(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const x = args.inputs.x as tf.Tensor;
  const alpha = (args.attrs?.alpha as number | undefined) ?? 0;
  if (alpha !== 0 || x.dtype !== "float32") return original!.kernelFunc(args as never) as tf.TensorInfo;
  const backend = args.backend as NodeBackend;
  const relu = backend.executeSingleInput("Relu", x);
  const sign = backend.executeSingleInput("Sign", relu);
  relu.dispose();
  return sign;
}

/** Names of the kernels `registerNativeTrainingKernels` replaces on the tensorflow backend. */
export const NATIVE_TRAINING_KERNELS: readonly string[] = ["Step"];

/** Replaces tfjs-node's `Step` kernel (idempotent). Called by `useBestBackend()` when it activates node. */
export function registerNativeTrainingKernels(): void {
  if (registered) return;
  original = tf.getKernel("Step", BACKEND);
  if (!original) throw new Error("registerNativeTrainingKernels: load @tensorflow/tfjs-node first (no tensorflow Step kernel)");
  tf.unregisterKernel("Step", BACKEND);
  tf.registerKernel({ kernelName: "Step", backendName: BACKEND, kernelFunc: step as unknown as tf.KernelFunc });
  registered = true;
}

/** Restores tfjs-node's own `Step` kernel (for comparisons). */
export function unregisterNativeTrainingKernels(): void {
  if (!registered) return;
  tf.unregisterKernel("Step", BACKEND);
  tf.registerKernel(original!);
  registered = false;
}
