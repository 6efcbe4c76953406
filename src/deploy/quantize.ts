/**
 * Weight quantisation of a saved LayersModel folder, in the format TensorFlow.js reads natively
 * (`quantization` entries in model.json's weights manifest): float16, or uint8 with an affine
 * scale and minimum per weight tensor, as `tensorflowjs_converter --quantize_float16/--quantize_uint8`
 * writes. `tf.loadLayersModel` (and `loadModel`) decode them back to float32 on load.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "../errors";

/** Storage types for quantised weights. */
export type QuantizationDtype = "float16" | "uint8";

/** What `quantizeModelFolder` wrote. */
export interface QuantizedModel {
  dir: string;
  dtype: QuantizationDtype;
  /** Bytes of model.json + weights.bin. */
  bytes: number;
  /** Largest |decoded − original| over all weights. */
  maxError: number;
}

type WeightSpec = { name: string; shape: number[]; dtype: string; quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string } };
type ModelJson = { weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }> } & Record<string, unknown>;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of `value`, rounded to nearest even (overflow → ±Infinity). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf / NaN
  let e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // too small even for a subnormal
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let rounded = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    if (rest > half || (rest === half && rounded & 1)) rounded++;
    return sign | rounded;
  }
  let rounded = mantissa >>> 13;
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && rounded & 1)) {
    rounded++;
    if (rounded === 0x400) {
      rounded = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | rounded;
}

/** The value of half-precision `bits`. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >>> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/**
 * Affine uint8 parameters for values in [min, max] as tensorflowjs's converter computes them: the
 * range is widened to include 0 and nudged so that 0 is exactly representable.
 */
export function uint8Range(min: number, max: number): { scale: number; min: number } {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (hi === lo) return { scale: 1, min: 0 };
  const scale = (hi - lo) / 255;
  const zeroPoint = Math.round(-lo / scale);
  return { scale, min: -zeroPoint * scale };
}

/**
 * Writes a copy of the float32 model in `srcDir` into `dstDir` with every weight tensor stored as
 * `dtype`. Returns the new size on disk and the largest rounding error introduced.
 */
export function quantizeModelFolder(srcDir: string, dstDir: string, dtype: QuantizationDtype): QuantizedModel {
  if (dtype !== "float16" && dtype !== "uint8") throw new InvalidArgumentError("dtype", "float16 or uint8", JSON.stringify(dtype));
  const model = JSON.parse(readFileSync(join(srcDir, "model.json"), "utf8")) as ModelJson;
  const specs: WeightSpec[] = [];
  const chunks: Buffer[] = [];
  for (const group of model.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) chunks.push(readFileSync(join(srcDir, p)));
  }
  const all = Buffer.concat(chunks);
  const bytes = new Float32Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
  const outSpecs: WeightSpec[] = [];
  const outChunks: Uint8Array[] = [];
  let offset = 0;
  let maxError = 0;
  for (const spec of specs) {
    if (spec.dtype !== "float32" || spec.quantization) throw new InvalidArgumentError(`${srcDir}/model.json ${spec.name}`, "unquantised float32 weights", spec.quantization?.dtype ?? spec.dtype);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = bytes.subarray(offset, offset + size);
    offset += size;
    if (dtype === "float16") {
      const half = new Uint16Array(size);
      for (let i = 0; i < size; i++) {
        half[i] = float16Bits(values[i]);
        maxError = Math.max(maxError, Math.abs(float16Value(half[i]) - values[i]));
      }
      outChunks.push(new Uint8Array(half.buffer));
      outSpecs.push({ name: spec.name, shape: spec.shape, dtype: "float32", quantization: { dtype: "float16", original_dtype: "float32" } });
    } else {
      let lo = Infinity, hi = -Infinity;
      for (const v of values) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const range = uint8Range(lo, hi);
      const q = new Uint8Array(size);
      for (let i = 0; i < size; i++) {
        q[i] = Math.min(255, Math.max(0, Math.round((values[i] - range.min) / range.scale)));
        maxError = Math.max(maxError, Math.abs(q[i] * range.scale + range.min - values[i]));
      }
      outChunks.push(q);
      outSpecs.push({ name: spec.name, shape: spec.shape, dtype: "float32", quantization: { dtype: "uint8", scale: range.scale, min: range.min, original_dtype: "float32" } });
    }
  }
  if (offset !== bytes.length) throw new InvalidArgumentError(`${srcDir} weights`, `${offset * 4} bytes for the manifest's weights`, `${bytes.length * 4} bytes`);
  mkdirSync(dstDir, { recursive: true });
  writeFileSync(join(dstDir, "weights.bin"), Buffer.concat(outChunks));
  writeFileSync(join(dstDir, "model.json"), JSON.stringify({ ...model, weightsManifest: [{ paths: ["weights.bin"], weights: outSpecs }] }));
  const size = statSync(join(dstDir, "weights.bin")).size + statSync(join(dstDir, "model.json")).size;
  return { dir: dstDir, dtype, bytes: size, maxError };
}

/** Bytes of a model folder's model.json and the weight files it lists. */
export function modelFolderBytes(dir: string): number {
  const model = JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as ModelJson;
  return model.weightsManifest.flatMap((g) => g.paths).reduce((sum, p) => sum + statSync(join(dir, p)).size, statSync(join(dir, "model.json")).size);
}
