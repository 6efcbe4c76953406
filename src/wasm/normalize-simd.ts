/**
 * A WebAssembly SIMD kernel for bytes → float32 / 255, 16 pixels per step: widen u8 → u32,
 * convert to f32, divide by 255 (IEEE division, so bit-equal to numpy's float32 `x / 255`).
 * wasm cannot write into a JavaScript ArrayBuffer, so the work goes through a small staging area in
 * the module's memory, sized to stay in cache: the only large-memory traffic is one read of the
 * input and one write of the output, and the fresh output stays an ordinary Float32Array.
 */

import { f32, get, i32, instantiateKernel, section, set, simd, str, uleb, v128Load, v128Store, wasmModule } from "./wasm-assembler";

const ADD = 0x6a, LT_U = 0x49, GE_U = 0x4f;
const vload = () => v128Load(0, 4);
const vstore = (offset: number) => v128Store(offset, 4);
const [EXTEND_LOW_U8, EXTEND_HIGH_U8, EXTEND_LOW_U16, EXTEND_HIGH_U16] = [0x89, 0x8a, 0xa9, 0xaa];
const [F32X4_SPLAT, F32X4_FROM_U32, F32X4_DIV] = [0x13, 0xfb, 0xe7];

// Parameters: 0 src, 1 dst, 2 count (a multiple of 16). Locals: 3 end (i32), 4 bytes, 5 divisor (v128).
const [SRC, DST, COUNT, END, BYTES, DIVISOR] = [0, 1, 2, 3, 4, 5];

function body(): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((p) => code.push(...p));
  emit(get(SRC), get(COUNT), [ADD], set(END));
  emit(f32(255), simd(F32X4_SPLAT), set(DIVISOR));
  emit([0x02, 0x40], get(SRC), get(END), [GE_U], [0x0d, 0]); // nothing to do when count is 0
  emit([0x03, 0x40]);
  {
    emit(get(SRC), vload(), set(BYTES));
    // Lanes 0–3, 4–7, 8–11, 12–15 of the 16 bytes become four f32x4 at dst, dst+16, dst+32, dst+48.
    [[EXTEND_LOW_U8, EXTEND_LOW_U16], [EXTEND_LOW_U8, EXTEND_HIGH_U16], [EXTEND_HIGH_U8, EXTEND_LOW_U16], [EXTEND_HIGH_U8, EXTEND_HIGH_U16]].forEach(([half, quarter], k) => {
      emit(get(DST), get(BYTES), simd(half), simd(quarter), simd(F32X4_FROM_U32), get(DIVISOR), simd(F32X4_DIV), vstore(16 * k));
    });
    emit(get(SRC), i32(16), [ADD], set(SRC), get(DST), i32(64), [ADD], set(DST));
    emit(get(SRC), get(END), [LT_U], [0x0d, 0]);
  }
  emit([0x0b], [0x0b]);
  return code;
}

function moduleBytes(): Uint8Array {
  const type = section(1, [1, 0x60, 3, 0x7f, 0x7f, 0x7f, 0]);
  const imports = section(2, [1, ...str("env"), ...str("memory"), 0x02, 0x00, ...uleb(1)]);
  const funcs = section(3, [1, 0]);
  const exports = section(7, [1, ...str("normalize"), 0x00, 0]);
  const fn = [2, ...uleb(1), 0x7f, ...uleb(2), 0x7b, ...body(), 0x0b];
  return wasmModule(type, imports, funcs, exports, section(10, [1, ...uleb(fn.length), ...fn]));
}

/** Bytes per staging chunk: 16 KB in, 64 KB out, so both stay in the core's cache (measured best of 4–64 KB). */
const CHUNK = 16384;

interface Kernel {
  heap: Uint8Array;
  floats: Float32Array;
  normalize: (src: number, dst: number, count: number) => void;
}

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const k = instantiateKernel(moduleBytes(), Math.ceil((5 * CHUNK) / 65536));
  kernel = k && {
    heap: new Uint8Array(k.memory.buffer, 0, CHUNK),
    floats: new Float32Array(k.memory.buffer, CHUNK, CHUNK),
    normalize: k.exports.normalize as Kernel["normalize"],
  };
  return kernel;
}

/**
 * out[i] = src[i] / 255 as float32 for the first `length − length % 16` values with wasm SIMD;
 * returns how many it wrote (0 when wasm SIMD is unavailable), leaving the tail to the caller.
 */
export function bytesToUnitSimd(src: Uint8Array, out: Float32Array): number {
  const k = load();
  if (k === null) return 0;
  const whole = src.length - (src.length % 16);
  for (let start = 0; start < whole; start += CHUNK) {
    const count = Math.min(CHUNK, whole - start);
    k.heap.set(src.subarray(start, start + count));
    k.normalize(0, CHUNK, count);
    out.set(count === CHUNK ? k.floats : k.floats.subarray(0, count), start);
  }
  return whole;
}
