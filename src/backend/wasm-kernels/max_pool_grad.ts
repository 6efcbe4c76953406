/**
 * MaxPoolGrad for the wasm backend, replacing tfjs-backend-wasm 4.22's slow one: recompute
 * each window's argmax (first maximum in row-major window order, like the cpu backend) in a
 * tight loop on the wasm heap and add dy there.
 */
import * as tf from "@tensorflow/tfjs";
import { KernelArgs, WasmBackendLike, allocate, assertFloat32, heapF32, offsetOf } from "./wasm_heap";

interface Attrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** The MaxPoolGrad kernel function for the wasm backend (NHWC, as tfjs max pooling is). */
export function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, input } = args.inputs;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as Attrs;
  assertFloat32("MaxPoolGrad", dy, input);
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight, effectiveFilterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const dx = allocate(backend, input.shape, true);
  const heap = heapF32(backend);
  const x = offsetOf(backend, input);
  const dyStart = offsetOf(backend, dy);
  const dxStart = offsetOf(backend, dx);
  let dyAt = dyStart;
  for (let b = 0; b < batchSize; b++) {
    const xImg = x + b * inHeight * inWidth * c;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - padTop;
      const rowStart = Math.max(0, top);
      const rowEnd = Math.min(inHeight, top + effectiveFilterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const left = ow * strideWidth - padLeft;
        const colStart = Math.max(0, left);
        const colEnd = Math.min(inWidth, left + effectiveFilterWidth);
        for (let d = 0; d < c; d++) {
          let best = -Infinity;
          let where = -1;
          for (let ih = rowStart; ih < rowEnd; ih++) {
            let at = xImg + (ih * inWidth + colStart) * c + d;
            for (let iw = colStart; iw < colEnd; iw++, at += c) {
              const v = heap[at];
              if (v > best) {
                best = v;
                where = at;
              }
            }
          }
          if (where >= 0) heap[dxStart + (where - x)] += heap[dyAt + d];
        }
        dyAt += c;
      }
    }
  }
  return dx;
}
