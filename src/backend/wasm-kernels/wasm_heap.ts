/**
 * Low-level access to the wasm backend's heap for our kernels: allocate outputs, view them
 * as Float32Array, free scratch buffers, and call the backend's own (XNNPACK) kernels.
 */
import * as tf from "@tensorflow/tfjs";

/** The parts of tfjs-backend-wasm's `BackendWasm` our kernels use (kept structural so
 * that importing this file does not load the wasm package). */
export interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Arguments tfjs passes to a kernel function. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

/**
 * The whole wasm heap as a Float32Array. Any allocation may grow (and so replace) the
 * heap's buffer, so take a fresh view after allocating and never keep one across calls.
 */
export function heapF32(backend: WasmBackendLike): Float32Array {
  const buffer = backend.wasm.HEAPU8.buffer;
  return new Float32Array(buffer, 0, buffer.byteLength >>> 2);
}

/** Index of a tensor's first element in `heapF32(backend)`. */
export function offsetOf(backend: WasmBackendLike, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset >>> 2;
}

/** A new float32 tensor on the heap; its contents are whatever malloc returned unless `zero`. */
export function allocate(backend: WasmBackendLike, shape: number[], zero = false): tf.TensorInfo {
  const info = backend.makeOutput(shape, "float32");
  if (zero) {
    const start = offsetOf(backend, info);
    heapF32(backend).fill(0, start, start + tf.util.sizeFromShape(shape));
  }
  return info;
}

/** Frees scratch tensors made with `allocate` or returned by a backend kernel. */
export function release(backend: WasmBackendLike, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Asserts float32 input: the wasm backend's convolutions and pools are float32 only. */
export function assertFloat32(kernel: string, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) {
    if (info.dtype !== "float32") throw new Error(`${kernel} on wasm: only float32 is supported, got ${info.dtype}`);
  }
}

let wasmMatMul: tf.KernelFunc | undefined;
let wasmConv2D: tf.KernelFunc | undefined;

/** Remembers the backend's own Conv2D (XNNPACK). */
export function setConv2DKernel(kernelFunc: tf.KernelFunc): void {
  wasmConv2D = kernelFunc;
}

/** NHWC convolution x * filter (stride 1, explicit padding) with the wasm backend's Conv2D. */
export function conv2dStride1(backend: WasmBackendLike, x: tf.TensorInfo, filter: tf.TensorInfo, pad: [number, number, number, number]): tf.TensorInfo {
  if (!wasmConv2D) throw new Error("wasm training kernels: Conv2D kernel not captured; call registerWasmTrainingKernels()");
  const [top, bottom, left, right] = pad;
  const attrs = {
    strides: [1, 1], dilations: [1, 1], dataFormat: "NHWC", dimRoundingMode: undefined,
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
  } as unknown as tf.NamedAttrMap;
  return wasmConv2D({ inputs: { x, filter }, backend: backend as unknown as tf.KernelBackend, attrs }) as tf.TensorInfo;
}

/** Remembers the backend's own BatchMatMul (XNNPACK), used as our matrix product. */
export function setMatMulKernel(kernelFunc: tf.KernelFunc): void {
  wasmMatMul = kernelFunc;
}

/**
 * a[m,k] · b[k,n] with the wasm backend's BatchMatMul. Only the untransposed form is used:
 * in tfjs-backend-wasm 4.22 a transposed operand takes a path several times slower.
 */
export function matMul(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  if (!wasmMatMul) throw new Error("wasm training kernels: BatchMatMul kernel not captured; call registerWasmTrainingKernels()");
  const attrs = { transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap;
  return wasmMatMul({ inputs: { a, b }, backend: backend as unknown as tf.KernelBackend, attrs }) as tf.TensorInfo;
}

/** Element strides (batch, height, width, channel) of an NHWC or NCHW tensor. */
export function layoutStrides(channelsLast: boolean, h: number, w: number, c: number): [number, number, number, number] {
  return channelsLast ? [h * w * c, w * c, c, 1] : [c * h * w, w, 1, h * w];
}

let maxScratchFloats = 1 << 24;

/** Upper bound, in floats, of one im2col scratch matrix; larger batches are processed in chunks. */
export function scratchLimit(): number {
  return maxScratchFloats;
}

/** Sets the scratch bound (tests use a tiny one to exercise chunking); returns the previous one. */
export function setScratchLimit(floats: number): number {
  const previous = maxScratchFloats;
  maxScratchFloats = floats;
  return previous;
}
