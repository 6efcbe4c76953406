/**
 * Sum over leading axes (the bias gradient of a convolution: dy[N,H,W,C] summed to [C]).
 * tfjs-backend-wasm 4.22 first transposes the reduced axes innermost, which costs more than
 * the sum; here one pass adds rows of the contiguous [outer, inner] view. Other reductions go
 * to the wasm package's own Sum.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, WasmBackendLike, allocate, heapF32, offsetOf } from "./wasm_heap";

/** Wraps the wasm package's Sum with a fast path for reductions over leading axes. */
export function makeSum(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const backend = args.backend as WasmBackendLike;
    const { x } = args.inputs;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x.dtype !== "float32" || !leading) return original(args as never);
    const outShape = x.shape.slice(axes.length);
    const inner = tf.util.sizeFromShape(outShape);
    const outer = tf.util.sizeFromShape(x.shape) / inner;
    const out = allocate(backend, keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : outShape);
    const heap = heapF32(backend);
    const acc = new Float64Array(inner);
    let at = offsetOf(backend, x);
    for (let i = 0; i < outer; i++, at += inner) {
      for (let j = 0; j < inner; j++) acc[j] += heap[at + j];
    }
    heap.set(acc, offsetOf(backend, out));
    return out;
  }) as unknown as tf.KernelFunc;
}
