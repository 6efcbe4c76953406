/**
 * Slice without copying the whole input. tfjs-backend-wasm 4.22's Slice first reads the
 * entire input off the heap (`readSync`), so taking one batch of 32 images out of a tensor
 * holding the training set copies all of it on every step; here the rows are copied
 * straight from heap to heap. String tensors go to the wasm package's own Slice.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, WasmBackendLike } from "./wasm_heap";

/** Wraps the wasm package's Slice with a heap-to-heap copy for numeric tensors. */
export function makeSlice(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const backend = args.backend as WasmBackendLike;
    const { x } = args.inputs;
    if (x.dtype === "string") return original(args as never);
    const attrs = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    // Per axis, resolved: where the slice starts and how many elements it takes.
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size);
    const out = backend.makeOutput(size, x.dtype);
    const count = tf.util.sizeFromShape(size);
    if (count === 0) return out;
    const bytes = tf.util.bytesPerElement(x.dtype);
    const heap = backend.wasm.HEAPU8;
    const src = backend.dataIdMap.get(x.dataId).memoryOffset;
    const dst = backend.dataIdMap.get(out.dataId).memoryOffset;
    const strides = tf.util.computeStrides(x.shape);
    if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
      const start = src + tf.slice_util.computeFlatOffset(begin, strides) * bytes;
      heap.copyWithin(dst, start, start + count * bytes);
      return out;
    }
    // Copy runs along the last axis, walking the other axes like an odometer.
    const rank = x.shape.length;
    const run = size[rank - 1] * bytes;
    const index = begin.slice();
    let to = dst;
    for (let copied = 0; copied < count; copied += size[rank - 1]) {
      let from = src;
      for (let d = 0; d < rank; d++) from += index[d] * (d === rank - 1 ? 1 : strides[d]) * bytes;
      heap.copyWithin(to, from, from + run);
      to += run;
      for (let d = rank - 2; d >= 0; d--) {
        if (++index[d] < begin[d] + size[d]) break;
        index[d] = begin[d];
      }
    }
    return out;
  }) as unknown as tf.KernelFunc;
}
