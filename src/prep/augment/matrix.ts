/**
 * The affine matrix of one transform, composed as Keras's `apply_affine_transform` composes it
 * (rotation · shift · shear · zoom about the centre; tf-keras then swaps the axes), with numpy's
 * FMA products so that order-0 ties round as Keras's do.
 */
import { checkFlavor, checkParams, FLAVOR_CODE, FLAVOR_KP112, type KerasFlavor, type TransformParams } from "./options";

const deg2rad = (d: number) => (d * Math.PI) / 180;

/**
 * a ← a · B for B = [[b00, b01, b02], [b10, b11, b12], [0, 0, 1]], or ← B when `first`, with `a`
 * = [a00, a01, a02, a10, a11, a12] (the caller's own array: nothing is shared between calls);
 * numpy's term order.
 */
function composeWith(a: Float64Array, first: boolean, b00: number, b01: number, b02: number, b10: number, b11: number, b12: number): void {
  if (first) {
    a[0] = b00; a[1] = b01; a[2] = b02; a[3] = b10; a[4] = b11; a[5] = b12;
    return;
  }
  const a00 = a[0], a01 = a[1], a02 = a[2], a10 = a[3], a11 = a[4], a12 = a[5];
  a[0] = fma(a01, b10, a00 * b00); a[1] = fma(a01, b11, a00 * b01); a[2] = fma(a01, b12, a00 * b02) + a02;
  a[3] = fma(a11, b10, a10 * b00); a[4] = fma(a11, b11, a10 * b01); a[5] = fma(a11, b12, a10 * b02) + a12;
}

const SPLITTER = 134217729; // 2^27 + 1, Dekker's split

/**
 * a·b + c rounded once (a fused multiply-add), from error-free transformations (Dekker's product,
 * Knuth's sum). numpy's `np.dot` of 3×3 float64 matrices runs OpenBLAS's FMA kernels on x86-64,
 * so Keras's matrix entries are FMA chains; plain products and sums differ in the last bit, which
 * flips order-0 picks at exact .5 ties (a 45° turn has them).
 */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ca = SPLITTER * a, ah = ca - (ca - a), al = a - ah;
  const cb = SPLITTER * b, bh = cb - (cb - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl; // a·b = p + e exactly
  if (e === 0 || !Number.isFinite(e)) return p + c;
  const sum = p + c, bp = sum - p, t = (p - (sum - bp)) + (c - bp); // p + c = sum + t exactly
  return sum + (t + e);
}

/**
 * Writes into `out` the 2×3 matrix [m00, m01, o0, m10, m11, o1] mapping an output pixel (row, col)
 * to the input point it samples, composed like Keras's `apply_affine_transform` (rotation · shift ·
 * shear · zoom, then centred; for tf-keras then its axes swapped, `M' = PMP`); returns false for the
 * identity (Keras then leaves the image untouched). Products are numpy's: FMA chains in its term order.
 */
export function composeMatrix(params: TransformParams, h: number, w: number, out: Float64Array, flavor: number): boolean {
  const { theta, tx, ty, shear, zx, zy } = params;
  let any = false;
  if (theta !== 0) {
    const t = deg2rad(theta), c = Math.cos(t), s = Math.sin(t);
    composeWith(out, !any, c, -s, 0, s, c, 0);
    any = true;
  }
  if (tx !== 0 || ty !== 0) {
    composeWith(out, !any, 1, 0, tx, 0, 1, ty);
    any = true;
  }
  if (shear !== 0) {
    const s = deg2rad(shear);
    composeWith(out, !any, 1, -Math.sin(s), 0, 0, Math.cos(s), 0);
    any = true;
  }
  if (zx !== 1 || zy !== 1) {
    composeWith(out, !any, zx, 0, 0, 0, zy, 0);
    any = true;
  }
  if (!any) return false;
  // `out` held the product so far; read it before writing the result over it.
  const a00 = out[0], a01 = out[1], a02 = out[2], a10 = out[3], a11 = out[4], a12 = out[5];
  // offset · A · reset, offset = translate(ox, oy), reset = translate(−ox, −oy).
  const centre = flavor === FLAVOR_KP112 ? 0.5 : -0.5;
  const ox = h / 2 + centre, oy = w / 2 + centre;
  const b02 = a02 + ox, b12 = a12 + oy; // offset · A: only the last column changes
  const c02 = fma(a01, -oy, a00 * -ox) + b02, c12 = fma(a11, -oy, a10 * -ox) + b12;
  if (flavor === FLAVOR_KP112) {
    out[0] = a00; out[1] = a01; out[2] = c02;
    out[3] = a10; out[4] = a11; out[5] = c12;
    return true;
  }
  // tf-keras / Keras 3: M' = P·M·P, P swapping the two axes (its "x, y" order vs numpy's (row, col)).
  out[0] = a11; out[1] = a10; out[2] = c12;
  out[3] = a01; out[4] = a00; out[5] = c02;
  return true;
}

/**
 * The 2×3 matrix [m00, m01, o0, m10, m11, o1] that maps an output pixel (row, col) to the input
 * point it samples, as `flavor`'s Keras composes it (default tf-keras, axes swapped); null for the identity.
 */
export function transformMatrix(params: TransformParams, h: number, w: number, flavor: KerasFlavor = "tf-keras"): Float64Array | null {
  checkParams(params, "params");
  const out = new Float64Array(6);
  return composeMatrix(params, h, w, out, FLAVOR_CODE[checkFlavor(flavor)]) ? out : null;
}
