/**
 * What Keras's `apply_transform` does to an image after the affine step, in place on float32
 * pixels: channel shift, flips, then brightness (through PIL's uint8 arithmetic).
 */
import type { TransformParams } from "./options";

/** What Keras's `apply_transform` does after the affine step: channel shift, flips, then brightness. */
export function finishImage(dst: Float32Array, base: number, h: number, w: number, p: TransformParams): void {
  if (p.channelShiftIntensity !== undefined) channelShiftInPlace(dst, base, h * w, p.channelShiftIntensity);
  if (p.flipHorizontal || p.flipVertical) flipInPlace(dst, base, h, w, p.flipHorizontal, p.flipVertical);
  if (p.brightness !== undefined) brightnessInPlace(dst, base, h * w, p.brightness);
}

/**
 * Keras's `apply_brightness_shift(x, brightness, scale=False)` on one channel: images outside
 * [0, 255] are first scaled to it (and back afterwards); the values become a uint8 PIL image (cast:
 * truncation), PIL's `ImageEnhance.Brightness` blends with black in float32 (truncating; clipping to
 * 0–255 when the factor is above 1), and the result comes back as float32.
 */
function brightnessInPlace(dst: Float32Array, base: number, size: number, brightness: number): void {
  const f = Math.fround;
  let lo = Infinity, hi = -Infinity;
  for (let q = base; q < base + size; q++) {
    const v = dst[q];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = lo < 0 || hi > 255;
  const alpha = f(brightness);
  let span = 0;
  if (scale) {
    for (let q = base; q < base + size; q++) { const v = f(dst[q] - lo); if (v > span) span = v; }
  }
  for (let q = base; q < base + size; q++) {
    let v = dst[q];
    if (scale) {
      v = f(v - lo);
      if (span !== 0) v = f(v / span);
      v = f(v * 255);
    }
    const byte = Math.trunc(v) & 255; // numpy's astype("uint8")
    const blended = f(alpha * byte);
    const out = alpha >= 0 && alpha <= 1 ? Math.trunc(blended) & 255 : blended <= 0 ? 0 : blended >= 255 ? 255 : Math.trunc(blended);
    dst[q] = scale ? f(f(f(out / 255) * f(hi - lo)) + lo) : out;
  }
}

/** Keras's `apply_channel_shift` on one channel: clip(x + intensity, min(x), max(x)), in float32. */
function channelShiftInPlace(dst: Float32Array, base: number, size: number, intensity: number): void {
  let lo = Infinity, hi = -Infinity;
  for (let q = base; q < base + size; q++) {
    const v = dst[q];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (let q = base; q < base + size; q++) {
    const v = Math.fround(dst[q] + intensity);
    dst[q] = v < lo ? lo : v > hi ? hi : v;
  }
}

/** Mirrors one image's columns and/or rows in place. */
function flipInPlace(dst: Float32Array, base: number, h: number, w: number, horizontal: boolean, vertical: boolean): void {
  if (horizontal) {
    for (let r = 0; r < h; r++) dst.subarray(base + r * w, base + (r + 1) * w).reverse();
  }
  if (vertical) {
    const row = new Float32Array(w);
    for (let r = 0; r < h >> 1; r++) {
      const a = base + r * w, b = base + (h - 1 - r) * w;
      row.set(dst.subarray(a, a + w));
      dst.copyWithin(a, b, b + w);
      dst.set(row, b);
    }
  }
}
