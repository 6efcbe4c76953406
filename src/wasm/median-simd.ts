/**
 * A WebAssembly SIMD kernel for the 3×3 median of byte images (scipy 'reflect' borders), 16 pixels
 * per step with i8x16.min_u/max_u. The module is assembled here from opcodes (no toolchain
 * needed); `medianFilter` uses it for Uint8Array images at least 16 pixels wide when the runtime
 * supports wasm SIMD, and falls back to the scalar path otherwise. Same network as the scalar
 * code: sort each column triple, then median(max of lows, median of mids, min of highs).
 */

import { get, i32, instantiateKernel, section, set, simd, str, uleb, v128Load, v128Store, wasmModule } from "./wasm-assembler";

// --- opcodes on top of the shared tiny assembler (wasm-assembler.ts) -----------------------------

const ADD = 0x6a, SUB = 0x6b, MUL = 0x6c, LT_S = 0x48, GT_S = 0x4a, EQ = 0x46, SELECT = 0x1b;
const vload = (offset = 0) => v128Load(offset);
const vstore = () => v128Store();
const load8u = () => [0x2d, 0, 0];
const minU = () => simd(0x77);
const maxU = () => simd(0x79);
const replaceLane = (lane: number) => simd(0x17, lane);

// Parameters: 0 src, 1 dst, 2 n, 3 h, 4 w. i32 locals from 5, v128 locals from 14.
const [SRC, DST, N, H, W] = [0, 1, 2, 3, 4];
const [IMG, R, C, CC, UP, AT, DOWN, OUT, LASTC] = [5, 6, 7, 8, 9, 10, 11, 12, 13];
const V = 14; // 12 v128 locals: 0–8 the nine neighbours (rows up/at/down × columns left/centre/right), 9–11 temps
const rowsOf = [UP, AT, DOWN];

function body(): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]) => parts.forEach((p) => code.push(...p));
  // lastC = w − 16
  emit(get(W), i32(16), [SUB], set(LASTC));
  emit(i32(0), set(IMG));
  emit([0x03, 0x40]); // loop over images
  {
    emit(i32(0), set(R));
    emit([0x03, 0x40]); // loop over rows
    {
      // at = src + (img·h + r)·w ; out = dst + same
      emit(get(IMG), get(H), [MUL], get(R), [ADD], get(W), [MUL], set(OUT));
      emit(get(SRC), get(OUT), [ADD], set(AT));
      emit(get(DST), get(OUT), [ADD], set(OUT));
      // up = r > 0 ? at − w : at ; down = r < h − 1 ? at + w : at
      emit(get(AT), get(W), [SUB], get(AT), get(R), i32(0), [GT_S], [SELECT], set(UP));
      emit(get(AT), get(W), [ADD], get(AT), get(R), get(H), i32(1), [SUB], [LT_S], [SELECT], set(DOWN));
      emit(i32(0), set(C));
      emit([0x03, 0x40]); // loop over 16-column blocks
      {
        // cc = c < lastC ? c : lastC
        emit(get(C), get(LASTC), get(C), get(LASTC), [LT_S], [SELECT], set(CC));
        rowsOf.forEach((row, k) => {
          const left = V + k * 3, centre = V + k * 3 + 1, right = V + k * 3 + 2;
          emit(get(row), get(CC), [ADD], i32(1), [SUB], vload(), set(left));
          emit(get(row), get(CC), [ADD], vload(), set(centre));
          emit(get(row), get(CC), [ADD], vload(1), set(right));
          // Column −1 reflects to column 0; column w to column w − 1.
          emit(get(CC), [0x45], [0x04, 0x40], get(left), get(row), load8u(), replaceLane(0), set(left), [0x0b]);
          emit(get(CC), get(LASTC), [EQ], [0x04, 0x40], get(right), get(row), get(W), [ADD], i32(1), [SUB], load8u(), replaceLane(15), set(right), [0x0b]);
        });
        // Sort each column triple (up, at, down) in place: up ← low, at ← middle, down ← high.
        const [MN, MX, T] = [V + 9, V + 10, V + 11];
        for (let col = 0; col < 3; col++) {
          const a = V + col, b = V + 3 + col, d = V + 6 + col;
          emit(get(a), get(b), minU(), set(MN), get(a), get(b), maxU(), set(MX));
          emit(get(MN), get(d), minU(), set(a), get(MN), get(d), maxU(), set(T));
          emit(get(MX), get(T), minU(), set(b), get(MX), get(T), maxU(), set(d));
        }
        // maxLo → MN, minHi → MX, median of middles → T
        emit(get(V), get(V + 1), maxU(), get(V + 2), maxU(), set(MN));
        emit(get(V + 6), get(V + 7), minU(), get(V + 8), minU(), set(MX));
        emit(get(V + 3), get(V + 4), minU(), get(V + 3), get(V + 4), maxU(), get(V + 5), minU(), maxU(), set(T));
        // out[cc..cc+15] = median(maxLo, medMid, minHi) = max(min(a, b), min(max(a, b), c))
        emit(get(OUT), get(CC), [ADD]);
        emit(get(MN), get(T), minU(), get(MN), get(T), maxU(), get(MX), minU(), maxU());
        emit(vstore());
        // c += 16 ; continue while c < w
        emit(get(C), i32(16), [ADD], set(C));
        emit(get(C), get(W), [LT_S], [0x0d, 0]);
      }
      emit([0x0b]);
      emit(get(R), i32(1), [ADD], set(R));
      emit(get(R), get(H), [LT_S], [0x0d, 0]);
    }
    emit([0x0b]);
    emit(get(IMG), i32(1), [ADD], set(IMG));
    emit(get(IMG), get(N), [LT_S], [0x0d, 0]);
  }
  emit([0x0b]);
  return code;
}

function moduleBytes(): Uint8Array {
  const type = section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]);
  const imports = section(2, [1, ...str("env"), ...str("memory"), 0x02, 0x00, ...uleb(1)]);
  const funcs = section(3, [1, 0]);
  const exports = section(7, [1, ...str("median3"), 0x00, 0]);
  const code = body();
  const fn = [2, ...uleb(9), 0x7f, ...uleb(12), 0x7b, ...code, 0x0b];
  const codeSection = section(10, [1, ...uleb(fn.length), ...fn]);
  return wasmModule(type, imports, funcs, exports, codeSection);
}

interface Kernel {
  memory: WebAssembly.Memory;
  median3: (src: number, dst: number, n: number, h: number, w: number) => void;
}

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const k = instantiateKernel(moduleBytes(), 1);
  kernel = k && { memory: k.memory, median3: k.exports.median3 as Kernel["median3"] };
  return kernel;
}

const CHUNK_BYTES = 1 << 20;

/** 3×3 median of byte images with wasm SIMD; false when unavailable or the images are narrower than 16. */
export function median3x3U8Simd(src: Uint8Array, dst: Uint8Array, n: number, h: number, w: number): boolean {
  if (w < 16 || h < 1 || n < 1) return false;
  const k = load();
  if (k === null) return false;
  const size = h * w;
  const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / size));
  const inAt = 64; // room before the input: the kernel reads one byte left of a row (then replaces it)
  const outAt = inAt + perChunk * size + 64;
  const needed = outAt + perChunk * size + 64;
  if (k.memory.buffer.byteLength < needed) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
  for (let start = 0; start < n; start += perChunk) {
    const count = Math.min(perChunk, n - start);
    const heap = new Uint8Array(k.memory.buffer);
    heap.set(src.subarray(start * size, (start + count) * size), inAt);
    k.median3(inAt, outAt, count, h, w);
    dst.set(heap.subarray(outAt, outAt + count * size), start * size);
  }
  return true;
}
