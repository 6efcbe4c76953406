/**
 * A WebAssembly SIMD kernel for the bilinear resampling of byte images (augment.ts), assembled
 * here from opcodes like median-simd.ts. One call resamples many images: for every output row it
 * finds, like `resampleImage` in JS, the columns that can hold ink and among them the run whose
 * source points are interior (the whole 2×2 neighbourhood inside the image), and computes that
 * run 4 pixels per step. Coordinates are float64 (two f64x2 pairs per step), as in JS; the
 * fractions are rounded to float32 and the interpolation runs on f32x4, with the operations of
 * JS's `bilinear()` in its order, so the results are bit-identical to the JS path.
 * Each source image is first converted to float32 in a scratch region, so a pixel's neighbours
 * come as two 8-byte loads (a, b) and (c, d) rather than eight byte inserts and four conversions
 * (the byte gathers kept the shuffle port busy); the floats are the same as JS's byte reads.
 * Everything else (border pixels, runs shorter than 4) stays in JS, which reads the rows that
 * need it, with their [lo, first, last, hi], from a work list the kernel writes.
 *
 * The source images are staged (copied into wasm memory) per call rather than cached: a resident
 * 47 MB copy of MNIST costs ~0.2 s of first-touch page faults, more than an epoch of copies.
 */
import { f64, get, i32, section, set, simd, str, tee, uleb, v128Load, v128Store, wasmModule } from "./wasm-assembler";

// --- opcodes -------------------------------------------------------------------------------------

const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c, I32_SHL = 0x74, I32_AND = 0x71, I32_OR = 0x72;
const I32_EQZ = 0x45, I32_EQ = 0x46, I32_LT_S = 0x48, I32_GT_S = 0x4a, I32_SHR_U = 0x76;
const F64_EQ = 0x61, F64_NE = 0x62, F64_LT = 0x63, F64_GT = 0x64, F64_LE = 0x65, F64_GE = 0x66;
const F64_NEG = 0x9a, F64_CEIL = 0x9b, F64_FLOOR = 0x9c, F64_ADD = 0xa0, F64_SUB = 0xa1, F64_MUL = 0xa2, F64_DIV = 0xa3, F64_MIN = 0xa4, F64_MAX = 0xa5;
const I32_TRUNC_F64_S = 0xaa, F64_CONVERT_I32_S = 0xb7, SELECT = 0x1b;
const i32Load = (offset: number) => [0x28, 2, ...uleb(offset)];
const i32Store = (offset: number) => [0x36, 2, ...uleb(offset)];
const f64Load = (offset: number) => [0x2b, 3, ...uleb(offset)];
const f64x2Splat = () => simd(0x14);
const extractLane = (lane: number) => simd(0x1b, lane);
const vload = (offset: number) => v128Load(offset, 3);
const vstore = (offset: number) => v128Store(offset, 3);
const v128Const = (bytes: ArrayLike<number>) => simd(0x0c, ...Array.from(bytes));
const f64x2Const = (a: number, b: number) => v128Const(new Uint8Array(Float64Array.of(a, b).buffer));
const F64X2_ADD = simd(0xf0), F64X2_SUB = simd(0xf1), F64X2_MUL = simd(0xf2);
const F32X4_CONVERT_I32X4_S = simd(0xfa), F32X4_ADD = simd(0xe4), F32X4_SUB = simd(0xe5), F32X4_MUL = simd(0xe6);
const LOAD64_ZERO = (offset: number) => simd(0x5d, 3, ...uleb(offset));
const LOAD64_LANE = (offset: number, lane: number) => simd(0x57, 3, ...uleb(offset), lane);
const F64X2_TRUNC = simd(0x7a), DEMOTE_F64X2_ZERO = simd(0x5e);
const LOAD_8X8_U = (offset: number) => simd(0x02, 3, ...uleb(offset));
const EXTEND_LOW_I16X8_U = simd(0xa9), EXTEND_HIGH_I16X8_U = simd(0xaa);
const shuffle = (...lanes: number[]) => simd(0x0d, ...lanes);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** 32-bit lanes 0, 2 of both inputs, and lanes 1, 3 of both. */
const EVEN_F32 = shuffle(...range(0, 4), ...range(8, 4), ...range(16, 4), ...range(24, 4));
const ODD_F32 = shuffle(...range(4, 4), ...range(12, 4), ...range(20, 4), ...range(28, 4));
/** The low 64 bits of both inputs. */
const LOW_F64_LANES = shuffle(...range(0, 8), ...range(16, 8));
const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;

// --- a small function builder: named locals and structured control with labels ----------------

class FunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: number[] = [];
  private readonly labels: (symbol | null)[] = [];

  constructor(private readonly paramCount: number) {}

  local(type: number): number {
    this.localTypes.push(type);
    return this.paramCount + this.localTypes.length - 1;
  }

  emit(...parts: number[][]): void {
    for (const p of parts) for (const b of p) this.code.push(b);
  }

  private nested(opcode: number, body: (label: symbol) => void): void {
    const label = Symbol();
    this.emit([opcode, 0x40]);
    this.labels.push(label);
    body(label);
    this.labels.pop();
    this.emit([0x0b]);
  }

  /** `block … end`; branching to its label leaves it. */
  block(body: (label: symbol) => void): void {
    this.nested(0x02, body);
  }

  /** `loop … end`; branching to its label repeats it. */
  loop(body: (label: symbol) => void): void {
    this.nested(0x03, body);
  }

  /** `if … (else …) end` on the i32 on the stack. */
  ifElse(then: () => void, otherwise?: () => void): void {
    this.emit([0x04, 0x40]);
    this.labels.push(null);
    then();
    if (otherwise) {
      this.emit([0x05]);
      otherwise();
    }
    this.labels.pop();
    this.emit([0x0b]);
  }

  private depth(label: symbol): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error("branch to a label that is not in scope");
    return this.labels.length - 1 - at;
  }

  br(label: symbol): void {
    this.emit([0x0c, ...uleb(this.depth(label))]);
  }

  brIf(label: symbol): void {
    this.emit([0x0d, ...uleb(this.depth(label))]);
  }

  /** The function body: local declarations, code, end. */
  body(): number[] {
    const decls = this.localTypes.flatMap((t) => [1, t]);
    return [...uleb(this.localTypes.length), ...decls, ...this.code, 0x0b];
  }
}

// --- the kernel ----------------------------------------------------------------------------------

/**
 * Bytes per image record: f64 m00 m01 o0 m10 m11 o1 rLo rHi cLo cHi, i32 src, i32 dst, i32 inside
 * (1 when every column a row finds from the ink window samples an interior point), padding.
 */
export const RECORD_BYTES = 96;
/** Bytes per entry of the work list: i32 record, row, lo, first, last, hi, padding. */
export const WORK_BYTES = 32;

/**
 * resample(records, count, h, w, work, cols, image) → entries: for each of `count` image records and
 * each output row r, the columns lo..hi that can be non-zero and among them the bilinear interior
 * run first..last (≥ 4 pixels, else first = hi + 1, last = hi), written as float32 at
 * dst + (r·w + c)·4. Rows with columns left for JS (lo..hi not all in the run) are listed at
 * `work` as [record, r, lo, first, last, hi]; returns how many. `cols` is scratch for the
 * image's column tables c·m01 and c·m11, `image` for its pixels as float32
 * (4·(h·w + 8) bytes).
 *
 * lo..hi and the run estimate multiply by 1/m01, 1/m11 where JS divides, so lo or hi may differ
 * from the JS path's by a column when a quotient lands within ~1e-14 of an integer. The output
 * does not change: such a column's source point lies outside the ink window (whose slack is far
 * wider than that rounding), so it is exactly 0 either way; and the run's ends are checked with
 * the exact per-pixel test.
 */
function resampleBody(): number[] {
  const [RECORDS, COUNT, H, W, WORK, COLS, IMAGE] = [0, 1, 2, 3, 4, 5, 6];
  const f = new FunctionBuilder(7);
  const SIZE = f.local(I32), Q = f.local(I32), SRC = f.local(I32), ROW_BYTES = f.local(I32), XI = f.local(V128), LI = f.local(V128), HI4 = f.local(V128);
  const ROW_BYTES_V = f.local(V128), FOUR = f.local(V128), AB0 = f.local(V128), AB1 = f.local(V128), CD0 = f.local(V128), CD1 = f.local(V128);
  const COLUMN_GAP = f.local(I32), COL_AT = f.local(I32), INSIDE = f.local(I32);
  const K = f.local(I32), REC = f.local(I32), DST = f.local(I32), R = f.local(I32), ENTRY = f.local(I32);
  const LO = f.local(I32), HI = f.local(I32), FIRST = f.local(I32), LAST = f.local(I32);
  const C = f.local(I32), CC = f.local(I32), LAST_START = f.local(I32), OUT_ROW = f.local(I32), P = f.local(I32);
  const [M00, M01, O0, M10, M11, O1, R_LO, R_HI, C_LO, C_HI] = Array.from({ length: 10 }, () => f.local(F64));
  const INV01 = f.local(F64), INV11 = f.local(F64), ROW_R = f.local(F64), ROW_C = f.local(F64), A = f.local(F64), B = f.local(F64);
  const X = f.local(F64), Y = f.local(F64), T = f.local(F64), LO_F = f.local(F64), HI_F = f.local(F64), FIRST_F = f.local(F64), LAST_F = f.local(F64);
  const HM1 = f.local(F64), WM1 = f.local(F64), CF = f.local(F64);
  const M01V = f.local(V128), M11V = f.local(V128), ROW_RV = f.local(V128), ROW_CV = f.local(V128);
  const BASEV = f.local(V128);
  const CJ = f.local(V128), IR = f.local(V128), IC = f.local(V128), RT = f.local(V128), CT = f.local(V128), PV = f.local(V128);
  const FR = f.local(V128), FC = f.local(V128), TOP = f.local(V128), FR0 = f.local(V128), FR1 = f.local(V128), FC0 = f.local(V128), FC1 = f.local(V128);
  const VA = f.local(V128), VB = f.local(V128), VC = f.local(V128), VD = f.local(V128);

  /** Pushes whether column `col` (an i32 local) samples an interior point, as the JS check does. */
  const interior = (col: number) => {
    f.emit(get(col), [F64_CONVERT_I32_S], set(CF));
    f.emit(get(A), get(CF), get(M01), [F64_MUL], [F64_ADD], set(X));
    f.emit(get(B), get(CF), get(M11), [F64_MUL], [F64_ADD], set(Y));
    f.emit(get(X), f64(0), [F64_GE], get(X), get(HM1), [F64_LT], [I32_AND]);
    f.emit(get(Y), f64(0), [F64_GE], [I32_AND], get(Y), get(WM1), [F64_LT], [I32_AND]);
  };
  /**
   * Moves the run's end `end` one column at a time (`step`: add or sub) toward `other` until it
   * samples an interior point or passes `other` (`passed`: the i32 comparison end ⋛ other).
   */
  const narrowToInterior = (end: number, other: number, passed: number, step: number) => f.block((found) => f.loop((again) => {
    f.emit(get(end), get(other), [passed]);
    f.brIf(found);
    interior(end);
    f.brIf(found);
    f.emit(get(end), i32(1), [step], set(end));
    f.br(again);
  }));
  /** x, y ← the smaller and the larger of x, y. */
  const order = () => f.emit(get(X), get(Y), [F64_GT], [0x04, 0x40], get(X), set(T), get(Y), set(X), get(T), set(Y), [0x0b]);

  f.emit(get(H), i32(1), [I32_SUB], [F64_CONVERT_I32_S], set(HM1));
  f.emit(get(W), i32(1), [I32_SUB], [F64_CONVERT_I32_S], set(WM1));
  f.emit(get(WORK), set(ENTRY), get(W), i32(2), [I32_ADD], i32(3), [I32_SHL], set(COLUMN_GAP));
  f.emit(get(H), get(W), [I32_MUL], set(SIZE), get(W), i32(2), [I32_SHL], tee(ROW_BYTES), [F64_CONVERT_I32_S], f64x2Splat(), set(ROW_BYTES_V), f64x2Const(4, 4), set(FOUR));
  f.emit(get(COUNT), i32(1), [I32_LT_S]);
  f.ifElse(() => f.emit(i32(0), [0x0f])); // nothing to do
  f.emit(i32(0), set(K));
  f.loop((images) => {
    f.emit(get(RECORDS), get(K), i32(RECORD_BYTES), [I32_MUL], [I32_ADD], set(REC));
    [M00, M01, O0, M10, M11, O1, R_LO, R_HI, C_LO, C_HI].forEach((local, i) => f.emit(get(REC), f64Load(8 * i), set(local)));
    f.emit(get(REC), i32Load(84), set(DST), get(REC), i32Load(88), set(INSIDE));
    f.emit(f64(1), get(M01), [F64_DIV], set(INV01), f64(1), get(M11), [F64_DIV], set(INV11));
    f.emit(get(M01), f64x2Splat(), set(M01V), get(M11), f64x2Splat(), set(M11V));
    // colR[c] = c·m01 at cols + 8c and colC[c] = c·m11 a gap of 8(w + 2) bytes further, two at a time.
    f.emit(i32(0), set(C));
    f.loop((again) => {
      f.emit(get(C), [F64_CONVERT_I32_S], f64x2Splat(), f64x2Const(0, 1), F64X2_ADD, set(CJ));
      f.emit(get(COLS), get(C), i32(3), [I32_SHL], [I32_ADD], get(CJ), get(M01V), F64X2_MUL, vstore(0));
      f.emit(get(COLS), get(C), i32(3), [I32_SHL], [I32_ADD], get(COLUMN_GAP), [I32_ADD], get(CJ), get(M11V), F64X2_MUL, vstore(0));
      f.emit(get(C), i32(2), [I32_ADD], tee(C), get(W), [I32_LT_S]);
      f.brIf(again);
    });
    // The source image as float32 at `image` (8 pixels per step, a few past its end), so that the
    // run loads each pixel's neighbours in pairs, already converted (the same values as JS's).
    f.emit(get(REC), i32Load(80), set(SRC), i32(0), set(Q));
    f.loop((again) => {
      f.emit(get(SRC), get(Q), [I32_ADD], LOAD_8X8_U(0), set(XI));
      f.emit(get(XI), EXTEND_LOW_I16X8_U, set(LI), get(XI), EXTEND_HIGH_I16X8_U, set(HI4));
      f.emit(get(IMAGE), get(Q), i32(2), [I32_SHL], [I32_ADD], set(P));
      f.emit(get(P), get(LI), F32X4_CONVERT_I32X4_S, vstore(0), get(P), get(HI4), F32X4_CONVERT_I32X4_S, vstore(16));
      f.emit(get(Q), i32(8), [I32_ADD], tee(Q), get(SIZE), [I32_LT_S]);
      f.brIf(again);
    });
    // The float32 image's address plus 2^52: p = 4(r0·w + c0) + that is an exact double whose low 32 bits are p.
    f.emit(get(IMAGE), [F64_CONVERT_I32_S], f64(2 ** 52), [F64_ADD], f64x2Splat(), set(BASEV));
    f.emit(i32(0), set(R));
    f.loop((rows) => {
      // Rows left early keep the empty entry lo 0 > hi −1.
      f.emit(i32(0), set(LO), i32(-1), set(HI), i32(0), set(FIRST), i32(-1), set(LAST));
      f.block((rowDone) => {
        f.emit(get(R), [F64_CONVERT_I32_S], get(M00), [F64_MUL], set(ROW_R));
        f.emit(get(R), [F64_CONVERT_I32_S], get(M10), [F64_MUL], set(ROW_C));
        f.emit(f64(0), set(LO_F), get(WM1), set(HI_F));
        // Columns whose source point can fall in the widened ink box (±Infinity: no limit).
        f.emit(get(ROW_R), get(O0), [F64_ADD], set(A));
        f.emit(get(M01), f64(0), [F64_EQ]);
        f.ifElse(() => {
          f.emit(get(A), get(R_LO), [F64_LT], get(A), get(R_HI), [F64_GT], [I32_OR]);
          f.brIf(rowDone);
        }, () => {
          f.emit(get(R_LO), get(A), [F64_SUB], get(INV01), [F64_MUL], set(X));
          f.emit(get(R_HI), get(A), [F64_SUB], get(INV01), [F64_MUL], set(Y));
          order();
          f.emit(get(X), get(LO_F), [F64_GT], [0x04, 0x40], get(X), [F64_FLOOR], set(LO_F), [0x0b]);
          f.emit(get(Y), get(HI_F), [F64_LT], [0x04, 0x40], get(Y), [F64_CEIL], set(HI_F), [0x0b]);
        });
        f.emit(get(ROW_C), get(O1), [F64_ADD], set(B));
        f.emit(get(M11), f64(0), [F64_EQ]);
        f.ifElse(() => {
          f.emit(get(B), get(C_LO), [F64_LT], get(B), get(C_HI), [F64_GT], [I32_OR]);
          f.brIf(rowDone);
        }, () => {
          f.emit(get(C_LO), get(B), [F64_SUB], get(INV11), [F64_MUL], set(X));
          f.emit(get(C_HI), get(B), [F64_SUB], get(INV11), [F64_MUL], set(Y));
          order();
          f.emit(get(X), get(LO_F), [F64_GT], [0x04, 0x40], get(LO_F), get(X), [F64_FLOOR], [F64_MAX], set(LO_F), [0x0b]);
          f.emit(get(Y), get(HI_F), [F64_LT], [0x04, 0x40], get(HI_F), get(Y), [F64_CEIL], [F64_MIN], set(HI_F), [0x0b]);
        });
        f.emit(get(LO_F), f64(0), [F64_LT], [0x04, 0x40], f64(0), set(LO_F), [0x0b]);
        f.emit(get(HI_F), get(WM1), [F64_GT], [0x04, 0x40], get(WM1), set(HI_F), [0x0b]);
        f.emit(get(LO_F), get(HI_F), [F64_LE], [I32_EQZ]);
        f.brIf(rowDone);
        // lo and hi are now integers in [0, w − 1].
        f.emit(get(LO_F), [I32_TRUNC_F64_S], set(LO), get(HI_F), [I32_TRUNC_F64_S], set(HI));
        f.emit(get(HI), i32(1), [I32_ADD], set(FIRST), get(HI), set(LAST));
        // Images whose ink window lies well inside the image: every column in lo..hi is interior.
        f.emit(get(INSIDE));
        f.ifElse(() => f.emit(get(LO), set(FIRST), get(HI), set(LAST)), () => {
          // The interior run, estimated from the matrix, then checked at its ends.
          f.emit(get(LO_F), set(FIRST_F), get(HI_F), set(LAST_F));
          for (const [m, inverse, a, limit] of [[M01, INV01, A, HM1], [M11, INV11, B, WM1]]) {
            f.emit(get(m), f64(0), [F64_NE]);
            f.ifElse(() => {
              f.emit(get(a), [F64_NEG], get(inverse), [F64_MUL], set(X));
              f.emit(get(limit), get(a), [F64_SUB], get(inverse), [F64_MUL], set(Y));
              f.emit(get(FIRST_F), get(X), get(Y), get(X), get(Y), [F64_LT], [SELECT], [F64_CEIL], [F64_MAX], set(FIRST_F));
              f.emit(get(LAST_F), get(Y), get(X), get(X), get(Y), [F64_LT], [SELECT], [F64_FLOOR], [F64_MIN], set(LAST_F));
            }, () => {
              f.emit(get(a), f64(0), [F64_GE], get(a), get(limit), [F64_LT], [I32_AND], [I32_EQZ]);
              f.brIf(rowDone);
            });
          }
          // An empty or NaN estimate: JS computes the row.
          f.emit(get(FIRST_F), get(LAST_F), [F64_LE], [I32_EQZ]);
          f.brIf(rowDone);
          // Both lie in [lo, hi] here.
          f.emit(get(FIRST_F), [I32_TRUNC_F64_S], set(FIRST), get(LAST_F), [I32_TRUNC_F64_S], set(LAST));
          narrowToInterior(FIRST, LAST, I32_GT_S, I32_ADD);
          narrowToInterior(LAST, FIRST, I32_LT_S, I32_SUB);
        });
        f.emit(get(LAST), get(FIRST), [I32_SUB], i32(3), [I32_LT_S]);
        f.ifElse(() => {
          // Fewer than 4 interior pixels: JS computes the row.
          f.emit(get(HI), i32(1), [I32_ADD], set(FIRST), get(HI), set(LAST));
        }, () => vectorRun());
      });
      // Listed when lo ≤ hi and the run does not cover lo..hi.
      f.emit(get(LO), get(HI), [I32_GT_S], get(FIRST), get(LO), [I32_EQ], get(LAST), get(HI), [I32_EQ], [I32_AND], [I32_OR], [I32_EQZ]);
      f.ifElse(() => {
        f.emit(get(ENTRY), get(K), i32Store(0), get(ENTRY), get(R), i32Store(4), get(ENTRY), get(LO), i32Store(8));
        f.emit(get(ENTRY), get(FIRST), i32Store(12), get(ENTRY), get(LAST), i32Store(16), get(ENTRY), get(HI), i32Store(20));
        f.emit(get(ENTRY), i32(WORK_BYTES), [I32_ADD], set(ENTRY));
      });
      f.emit(get(R), i32(1), [I32_ADD], tee(R), get(H), [I32_LT_S]);
      f.brIf(rows);
    });
    f.emit(get(K), i32(1), [I32_ADD], tee(K), get(COUNT), [I32_LT_S]);
    f.brIf(images);
  });
  f.emit(get(ENTRY), get(WORK), [I32_SUB], i32(5), [I32_SHR_U]); // (entry − work) / WORK_BYTES = entries written
  return f.body();

  /**
   * Columns first..last (at least 4), four per step as two pairs; the last step is moved back to
   * end at `last` (recomputing a few pixels to the same values).
   */
  function vectorRun(): void {
    f.emit(get(DST), get(R), get(W), [I32_MUL], i32(2), [I32_SHL], [I32_ADD], set(OUT_ROW));
    f.emit(get(LAST), i32(3), [I32_SUB], set(LAST_START), get(FIRST), set(C));
    f.emit(get(A), f64x2Splat(), set(ROW_RV), get(B), f64x2Splat(), set(ROW_CV));
    f.loop((step) => {
      f.emit(get(C), get(LAST_START), get(C), get(LAST_START), [I32_LT_S], [SELECT], set(CC));
      f.emit(get(COLS), get(CC), i32(3), [I32_SHL], [I32_ADD], set(COL_AT));
      for (let j = 0; j < 2; j++) {
        const [AB, CD, FR2, FC2] = j === 0 ? [AB0, CD0, FR0, FC0] : [AB1, CD1, FR1, FC1];
        // ir = (r·m00 + o0) + c·m01, ic = (r·m10 + o1) + c·m11: scipy's order of sums, lane by lane.
        f.emit(get(ROW_RV), get(COL_AT), vload(16 * j), F64X2_ADD, set(IR));
        f.emit(get(ROW_CV), get(COL_AT), get(COLUMN_GAP), [I32_ADD], vload(16 * j), F64X2_ADD, set(IC));
        // r0 = ir | 0 and c0 = ic | 0 (both ≥ 0: truncation), still as doubles; fr = ir − r0 and
        // fc = ic − c0 rounded to float32 (JS: Math.fround); p = 4(r0·w + c0) + image.
        f.emit(get(IR), F64X2_TRUNC, set(RT), get(IC), F64X2_TRUNC, set(CT));
        f.emit(get(IR), get(RT), F64X2_SUB, DEMOTE_F64X2_ZERO, set(FR2), get(IC), get(CT), F64X2_SUB, DEMOTE_F64X2_ZERO, set(FC2));
        f.emit(get(RT), get(ROW_BYTES_V), F64X2_MUL, get(CT), get(FOUR), F64X2_MUL, F64X2_ADD, get(BASEV), F64X2_ADD, set(PV));
        // The 2×2 neighbours: (a, b) and (c, d) of both pixels, 8 bytes each, into one vector each.
        f.emit(get(PV), extractLane(0), tee(P), LOAD64_ZERO(0), set(AB), get(P), get(ROW_BYTES), [I32_ADD], LOAD64_ZERO(0), set(CD));
        f.emit(get(PV), extractLane(2), tee(P), get(AB), LOAD64_LANE(0, 1), set(AB), get(P), get(ROW_BYTES), [I32_ADD], get(CD), LOAD64_LANE(0, 1), set(CD));
      }
      // a, b, c, d, fr and fc of the 4 pixels as float32 lanes.
      f.emit(get(AB0), get(AB1), EVEN_F32, set(VA), get(AB0), get(AB1), ODD_F32, set(VB));
      f.emit(get(CD0), get(CD1), EVEN_F32, set(VC), get(CD0), get(CD1), ODD_F32, set(VD));
      f.emit(get(FR0), get(FR1), LOW_F64_LANES, set(FR), get(FC0), get(FC1), LOW_F64_LANES, set(FC));
      // JS's bilinear(): top = a + (b − a)·fc; top + (c + (d − c)·fc − top)·fr, each step rounded to float32.
      f.emit(get(VA), get(VB), get(VA), F32X4_SUB, get(FC), F32X4_MUL, F32X4_ADD, set(TOP));
      f.emit(get(TOP), get(VC), get(VD), get(VC), F32X4_SUB, get(FC), F32X4_MUL, F32X4_ADD, get(TOP), F32X4_SUB);
      f.emit(get(FR), F32X4_MUL, F32X4_ADD, set(VA));
      f.emit(get(OUT_ROW), get(CC), i32(2), [I32_SHL], [I32_ADD], get(VA), v128Store(0, 2));
      f.emit(get(C), i32(4), [I32_ADD], tee(C), get(LAST), [I32_GT_S], [I32_EQZ]);
      f.brIf(step);
    });
  }
}

function moduleBytes(): Uint8Array {
  const type = section(1, [1, 0x60, 7, I32, I32, I32, I32, I32, I32, I32, 1, I32]);
  const imports = section(2, [1, ...str("env"), ...str("memory"), 0x02, 0x00, ...uleb(1)]);
  const funcs = section(3, [1, 0]);
  const exports = section(7, [1, ...str("resample"), 0x00, 0]);
  const fn = resampleBody();
  const code = section(10, [1, ...uleb(fn.length), ...fn]);
  return wasmModule(type, imports, funcs, exports, code);
}

// --- instances -----------------------------------------------------------------------------------

let compiled: WebAssembly.Module | null | undefined;
let enabled = process.env.MNIST_AUGMENT_SIMD !== "0";

function compiledModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null; // no wasm SIMD here: callers use the JS path
    }
  }
  return compiled;
}

/**
 * Turns the SIMD bilinear kernel on or off (default on unless MNIST_AUGMENT_SIMD=0); returns the
 * previous setting. Off, augmentation runs the JS path only — for comparisons and tests.
 */
export function setAugmentSimd(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/** Whether augmentation of byte images uses the SIMD kernel: switched on and supported here. */
export function augmentSimdActive(): boolean {
  return enabled && compiledModule() !== null;
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;
const PAGE = 65536;

/**
 * The kernel's instance and memory: scratch space for up to `capacity` h×w images per call —
 * column tables, image records, the work list, the float32 output, the staged source images and
 * one source image as float32.
 * The memory grows to the largest call seen (about 4 MB for MNIST) and is kept.
 */
export class BilinearKernel {
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly run: (records: number, count: number, h: number, w: number, work: number, cols: number, image: number) => number;
  private buffer: ArrayBuffer | null = null;
  /** Views of the memory, renewed after it grows. */
  bytes = new Uint8Array(0);
  f64 = new Float64Array(0);
  i32 = new Int32Array(0);
  f32 = new Float32Array(0);
  /** Byte addresses of the regions. */
  colsAt = 0;
  recordsAt = 0;
  workAt = 0;
  outAt = 0;
  stageAt = 0;
  imageAt = 0;
  /** Images per call the memory has room for. */
  capacity = 0;
  private h = 0;
  private w = 0;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.run = instance.exports.resample as BilinearKernel["run"];
    this.refresh();
  }

  private refresh(): void {
    if (this.buffer === this.memory.buffer) return;
    this.buffer = this.memory.buffer;
    this.bytes = new Uint8Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
  }

  /** Makes room for `count` h×w images per call (grows the memory, renews the views). */
  reserve(count: number, h: number, w: number): void {
    if (count <= this.capacity && h === this.h && w === this.w) return;
    const size = h * w;
    this.colsAt = 64;
    this.recordsAt = this.colsAt + align(16 * (w + 2), 64);
    this.workAt = this.recordsAt + count * RECORD_BYTES;
    this.outAt = align(this.workAt + count * h * WORK_BYTES, 64);
    this.stageAt = this.outAt + count * size * 4;
    this.imageAt = align(this.stageAt + count * size + 64, 64);
    const end = this.imageAt + (size + 8) * 4;
    if (end > this.memory.buffer.byteLength) this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / PAGE));
    this.refresh();
    this.capacity = count;
    this.h = h;
    this.w = w;
  }

  /**
   * Runs the kernel over `count` records and returns the number of work-list entries (rows with
   * pixels left for JS); views stay valid (the kernel does not grow memory).
   */
  resample(count: number, h: number, w: number): number {
    return this.run(this.recordsAt, count, h, w, this.workAt, this.colsAt, this.imageAt);
  }
}

let shared: BilinearKernel | undefined;

/**
 * The kernel, or null when SIMD is switched off or unsupported. One instance serves every caller:
 * each use stages its images, runs and copies the output out within one synchronous call.
 */
export function bilinearKernel(): BilinearKernel | null {
  const module = enabled ? compiledModule() : null;
  if (module === null) return null;
  return (shared ??= new BilinearKernel(module));
}
