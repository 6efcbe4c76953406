/** Index arithmetic shared by the median filter and the affine resampler (internal). */

/** scipy's 'reflect' (half-sample symmetric, d c b a | a b c d | d c b a) index for any integer `i` on an axis of `len`. */
export function reflectIndex(i: number, len: number): number {
  if (len === 1) return 0;
  const period = 2 * len;
  i %= period;
  if (i < 0) i += period;
  return i < len ? i : period - 1 - i;
}
