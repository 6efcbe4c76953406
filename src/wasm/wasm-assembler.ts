/**
 * A tiny WebAssembly assembler shared by the hand-written SIMD kernels (median-simd.ts,
 * augment-simd.ts): LEB128 numbers, sections, local access, constants and the 0xfd SIMD prefix.
 * Each helper returns the bytes of one instruction (or encoding), to be concatenated.
 */

/** Unsigned LEB128. */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};

/** Signed LEB128. */
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};

/** A length-prefixed UTF-8 name. */
export const str = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, "utf8")];
/** A module section: id, byte length, body. */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** local.get. */
export const get = (i: number): number[] => [0x20, ...uleb(i)];
/** local.set. */
export const set = (i: number): number[] => [0x21, ...uleb(i)];
/** local.tee. */
export const tee = (i: number): number[] => [0x22, ...uleb(i)];
/** i32.const. */
export const i32 = (v: number): number[] => [0x41, ...sleb(v)];
/** f64.const. */
export const f64 = (v: number): number[] => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
/** f32.const. */
export const f32 = (v: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
/** An instruction with the SIMD prefix 0xfd and its immediates. */
export const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
/** v128.load at address + offset; `alignLog2` is the alignment hint (log2 of bytes). */
export const v128Load = (offset = 0, alignLog2 = 0): number[] => simd(0x00, alignLog2, ...uleb(offset));
/** v128.store at address + offset; `alignLog2` is the alignment hint (log2 of bytes). */
export const v128Store = (offset = 0, alignLog2 = 0): number[] => simd(0x0b, alignLog2, ...uleb(offset));

/**
 * Instantiates a kernel module importing `env.memory`, with a fresh memory of `pages` 64 KiB pages;
 * null when this runtime cannot (no wasm SIMD), so callers fall back to their JS path.
 */
export function instantiateKernel(bytes: Uint8Array, pages: number): { memory: WebAssembly.Memory; exports: WebAssembly.Exports } | null {
  try {
    const memory = new WebAssembly.Memory({ initial: pages });
    return { memory, exports: new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports };
  } catch {
    return null;
  }
}

/** The bytes of a module: the magic number and version, then the sections in order. */
export const wasmModule = (...sections: number[][]): Uint8Array => Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
