/**
 * BatchMatMul with transposed operands. tfjs-backend-wasm 4.22 runs a transposed operand
 * through a path many times slower than XNNPACK's; transposing the operand first (a tight
 * loop) and multiplying untransposed is faster. Dense-layer gradients (xᵀ·dy, dy·Wᵀ) use it.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, WasmBackendLike, allocate, heapF32, offsetOf, release } from "./wasm_heap";

/** A copy of `t` ([..., r, c]) with its last two axes swapped ([..., c, r]). */
function transposeLastTwo(backend: WasmBackendLike, t: tf.TensorInfo): tf.TensorInfo {
  const rank = t.shape.length;
  const r = t.shape[rank - 2];
  const c = t.shape[rank - 1];
  const out = allocate(backend, [...t.shape.slice(0, rank - 2), c, r]);
  const heap = heapF32(backend);
  const batches = tf.util.sizeFromShape(t.shape.slice(0, rank - 2));
  for (let b = 0; b < batches; b++) {
    const src = offsetOf(backend, t) + b * r * c;
    const dst = offsetOf(backend, out) + b * r * c;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) heap[dst + j * r + i] = heap[src + i * c + j];
  }
  return out;
}

/** Wraps the wasm package's BatchMatMul: transposed operands are transposed explicitly first. */
export function makeBatchMatMul(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const backend = args.backend as WasmBackendLike;
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if ((!transposeA && !transposeB) || a.dtype !== "float32" || b.dtype !== "float32") return original(args as never);
    const a2 = transposeA ? transposeLastTwo(backend, a) : a;
    const b2 = transposeB ? transposeLastTwo(backend, b) : b;
    const out = original({ ...args, inputs: { a: a2, b: b2 }, attrs: { ...args.attrs, transposeA: false, transposeB: false } } as never);
    if (transposeA) release(backend, a2);
    if (transposeB) release(backend, b2);
    return out;
  }) as unknown as tf.KernelFunc;
}
