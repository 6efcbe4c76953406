/**
 * The resampler: one image through a 2×3 matrix like
 * `scipy.ndimage.affine_transform(order=1 | 0, mode, cval)` (its border rules, unchanged since
 * scipy 1.10, and the order of its coordinate sums since scipy 1.16; order 0 exactly, order 1
 * within a few float32 steps), with interior pixels on a branch-light bilinear path and pixels
 * that can only sample background skipped. Every scratch array is the caller's.
 */
import type { Images, PixelArray } from "../../types";
import { reflectIndex } from "../reflect";
import { MODE_CONSTANT, MODE_NEAREST, MODE_REFLECT, MODE_WRAP } from "./options";

/** scipy 1.10 `map_coordinate` for 'wrap' (period len − 1, its documented quirk) and 'nearest'. */
function mapCoordinate(x: number, len: number, mode: number): number {
  if (mode === MODE_NEAREST) return x < 0 ? 0 : x > len - 1 ? len - 1 : x;
  if (mode === MODE_WRAP) {
    if (len <= 1) return 0;
    const sz = len - 1;
    if (x < 0) return x + sz * (Math.trunc(-x / sz) + 1);
    if (x > sz) return x - sz * Math.trunc(x / sz);
  }
  return x;
}

/** scipy's `map_coordinate` for 'reflect' (about the pixel edges −0.5 and len − 0.5), as its order-0 path applies it. */
function reflectCoordinate(x: number, len: number): number {
  if (len <= 1) return x < 0 || x > len - 1 ? 0 : x;
  const period = 2 * len;
  if (x < 0) {
    if (x < -period) x = period * Math.trunc(-x / period) + x;
    return x < -len ? x + period : -x - 1;
  }
  if (x > len - 1) {
    x -= period * Math.trunc(x / period);
    if (x >= len) x = period - x - 1;
  }
  return x;
}

/**
 * One output pixel anywhere (borders, any mode): scipy's order-0 pick, or its order-1 value from
 * the 2×2 neighbours as `bilinear` computes it (scipy's weighted sum to within a few float32 steps).
 */
function samplePixel(src: PixelArray, base: number, h: number, w: number, ir: number, ic: number, mode: number, cval: number, order: number): number {
  if (mode === MODE_CONSTANT) {
    if (ir < 0 || ir > h - 1 || ic < 0 || ic > w - 1) return cval;
  } else if (mode !== MODE_REFLECT) {
    ir = mapCoordinate(ir, h, mode);
    ic = mapCoordinate(ic, w, mode);
  }
  if (order === 0) {
    if (mode === MODE_REFLECT) {
      // scipy reflects the coordinate, then rounds (an exact .5 outside the image rounds after reflecting).
      ir = reflectCoordinate(ir, h);
      ic = reflectCoordinate(ic, w);
    }
    let r = Math.floor(ir + 0.5), c = Math.floor(ic + 0.5);
    if (mode === MODE_REFLECT) {
      r = reflectIndex(r, h);
      c = reflectIndex(c, w);
    } else {
      if (r > h - 1) r = h - 1;
      if (c > w - 1) c = w - 1;
    }
    return src[base + r * w + c];
  }
  const r0 = Math.floor(ir), c0 = Math.floor(ic);
  let ra: number, rb: number, ca: number, cb: number;
  if (mode === MODE_REFLECT) {
    ra = reflectIndex(r0, h); rb = reflectIndex(r0 + 1, h);
    ca = reflectIndex(c0, w); cb = reflectIndex(c0 + 1, w);
  } else {
    // After mapping, the coordinate is inside [0, len − 1]; a neighbour at len has weight 0.
    ra = r0; rb = r0 + 1 < h ? r0 + 1 : h - 1;
    ca = c0; cb = c0 + 1 < w ? c0 + 1 : w - 1;
  }
  ra *= w; rb *= w;
  return bilinear(src[base + ra + ca], src[base + ra + cb], src[base + rb + ca], src[base + rb + cb], ir - r0, ic - c0);
}

/**
 * The bilinear value of neighbours a (r0, c0), b (r0, c0 + 1), c (r0 + 1, c0), d (r0 + 1, c0 + 1) at
 * fractions fr, fc, in float32 arithmetic (every step rounded): interpolated along columns, then
 * rows. scipy sums the four weighted values in float64;
 * on 0–255 values the two differ by at most a few float32 steps (~3e-5), well within the 1e-4
 * the fixtures allow, and this form takes 3 multiplications, not 8.
 */
function bilinear(a: number, b: number, c: number, d: number, fr: number, fc: number): number {
  const f = Math.fround;
  const r = f(fr), q = f(fc);
  const top = f(a + f(f(b - a) * q));
  return f(top + f(f(f(c + f(f(d - c) * q)) - top) * r));
}

/**
 * Bounding boxes of the non-zero pixels of every image, as [r0, r1, c0, c1] per image
 * (r1 = −1 for a blank image). Bytes are scanned four at a time when aligned.
 */
export function inkBoxes(images: Images<PixelArray>): Int16Array {
  const { data, n, h, w } = images;
  const boxes = new Int16Array(n * 4);
  const size = h * w;
  const colInk = new Uint8Array(w);
  const words = data instanceof Uint8Array && data.byteOffset % 4 === 0 && w % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : null;
  const colWords = new Uint32Array(w >> 2);
  for (let i = 0; i < n; i++) {
    let r0 = h, r1 = -1, c0 = w, c1 = -1;
    if (words !== null) {
      const wpr = w >> 2;
      colWords.fill(0);
      for (let r = 0, q = (i * size) >> 2; r < h; r++) {
        let any = 0;
        for (let k = 0; k < wpr; k++, q++) {
          const v = words[q];
          any |= v;
          colWords[k] |= v;
        }
        if (any !== 0) {
          if (r0 === h) r0 = r;
          r1 = r;
        }
      }
      const bytes = new Uint8Array(colWords.buffer);
      for (let c = 0; c < w; c++) {
        if (bytes[c] !== 0) {
          if (c0 === w) c0 = c;
          c1 = c;
        }
      }
    } else {
      colInk.fill(0);
      for (let r = 0, p = i * size; r < h; r++) {
        let rowInk = 0;
        for (let c = 0; c < w; c++, p++) {
          const ink = data[p] !== 0 ? 1 : 0;
          rowInk |= ink;
          colInk[c] |= ink;
        }
        if (rowInk !== 0) {
          if (r0 === h) r0 = r;
          r1 = r;
        }
      }
      for (let c = 0; c < w; c++) {
        if (colInk[c] !== 0) {
          if (c0 === w) c0 = c;
          c1 = c;
        }
      }
    }
    boxes[i * 4] = r0; boxes[i * 4 + 1] = r1; boxes[i * 4 + 2] = c0; boxes[i * 4 + 3] = c1;
  }
  return boxes;
}

/**
 * How far (in pixels) the ink window reaches past the box widened by one pixel. A source point
 * outside the widened box samples only zeros, so its output is exactly +0 whichever path computes
 * it; the slack only has to exceed the rounding of the coordinates (~1e-14) so that the columns
 * found from the window by division include every
 * column whose computed source point lies inside.
 */
const WINDOW_SLACK = 1e-9;

/**
 * Writes at `at` of `out` the window of input coordinates that can bring ink into an output pixel
 * — the image's ink bounding box widened by one pixel and WINDOW_SLACK, [rLo, rHi, cLo, cHi],
 * ±Infinity where it cannot help — and returns false for a blank image (every output pixel 0).
 * Only for fills that cannot bring ink in from elsewhere ('nearest', or 'constant' with cval 0)
 * and a known `box`; otherwise the window is unlimited.
 */
function inkWindow(box: Int16Array | null, boxAt: number, h: number, w: number, mode: number, cval: number, out: Float64Array, at: number): boolean {
  let rLo = -Infinity, rHi = Infinity, cLo = -Infinity, cHi = Infinity;
  const sparse = box !== null && (mode === MODE_NEAREST || (mode === MODE_CONSTANT && cval === 0));
  if (sparse) {
    const r0 = box[boxAt], r1 = box[boxAt + 1], c0 = box[boxAt + 2], c1 = box[boxAt + 3];
    if (r1 < 0) return false;
    rLo = r0 - 1 - WINDOW_SLACK; rHi = r1 + 1 + WINDOW_SLACK; cLo = c0 - 1 - WINDOW_SLACK; cHi = c1 + 1 + WINDOW_SLACK;
    if (mode === MODE_NEAREST) {
      // Clamped coordinates land on the edge rows/columns, which hold ink if the box touches them.
      if (r0 === 0) rLo = -Infinity;
      if (r1 === h - 1) rHi = Infinity;
      if (c0 === 0) cLo = -Infinity;
      if (c1 === w - 1) cHi = Infinity;
    }
  }
  out[at] = rLo; out[at + 1] = rHi; out[at + 2] = cLo; out[at + 3] = cHi;
  return true;
}

/** How far past one column step a window must stay from the image's edges for `windowInsideInterior`. */
const INTERIOR_MARGIN = 1e-6;

/**
 * Whether every column a row finds from the ink window at `at` of `window` samples an interior
 * point (its whole 2×2 neighbourhood inside the image). Those columns' source points lie within
 * one column step (|m01| rows, |m11| columns) of the window, so it holds when the window so
 * widened stays inside [0, h − 1) × [0, w − 1); rows then need no search for their interior run.
 * False for an infinite window.
 */
function windowInsideInterior(window: Float64Array, at: number, m01: number, m11: number, h: number, w: number): boolean {
  const rowStep = Math.abs(m01) + INTERIOR_MARGIN, columnStep = Math.abs(m11) + INTERIOR_MARGIN;
  return window[at] - rowStep >= 0 && window[at + 1] + rowStep < h - 1 && window[at + 2] - columnStep >= 0 && window[at + 3] + columnStep < w - 1;
}

/**
 * Output columns lo..hi of one row (starting at `out` of `dst`), except the interior run
 * first..last (none if first > last), through `samplePixel` — which gives interior points the
 * same value, bit for bit, as the run's bilinear formula.
 */
function resampleRowOutsideRun(src: PixelArray, srcBase: number, dst: Float32Array, out: number, h: number, w: number, rowR: number, rowC: number, m01: number, o0: number, m11: number, o1: number, lo: number, hi: number, first: number, last: number, mode: number, cval: number, order: number): void {
  for (let c = lo; c <= hi; c++) {
    if (c === first) {
      c = last;
      continue;
    }
    // scipy ≥ 1.16's order of sums, (o0 + r·m00) + c·m01: at the borders ~1e-16 decides inside or
    // outside. scipy ≤ 1.15 added the offset last, which at θ = −180 on 28×28 brings 14 pixels of
    // row 27 inside that 1.16 and later (and so Keras on them) fill with cval.
    dst[out + c] = samplePixel(src, srcBase, h, w, (rowR + o0) + c * m01, (rowC + o1) + c * m11, mode, cval, order);
  }
}

/**
 * Narrows the column range `columns` = [lo, hi] to the columns c whose coordinate start + c·step
 * lies in [edgeLo, edgeHi]: floor and ceil of where it crosses the edges; lo > hi when none does.
 */
function narrowColumns(columns: Float64Array, start: number, step: number, edgeLo: number, edgeHi: number): void {
  if (step === 0) {
    if (start < edgeLo || start > edgeHi) { columns[0] = 1; columns[1] = 0; }
    return;
  }
  let x = (edgeLo - start) / step, y = (edgeHi - start) / step;
  if (x > y) { const t = x; x = y; y = t; }
  if (x > columns[0]) columns[0] = Math.floor(x);
  if (y < columns[1]) columns[1] = Math.ceil(y);
}

/**
 * Resamples the image at `base` of `src` through matrix `m` into `dst` at the same offset.
 * Interior pixels take a branch-light bilinear path; others go through `samplePixel`. With a
 * `box` (the image's ink bounding box) and a fill that cannot bring ink in from elsewhere
 * ('nearest', or 'constant' with cval 0), pixels whose source point lies more than one pixel
 * outside the box are exactly 0 and are skipped (`dst` is zero-filled). Scratch from the caller:
 * `colR`, `colC` (w values each), `sourceWindow` (4), `columns` (2).
 */
export function resampleImage(src: PixelArray, srcBase: number, dst: Float32Array, base: number, h: number, w: number, m: Float64Array, mode: number, cval: number, order: number, colR: Float64Array, colC: Float64Array, box: Int16Array | null, boxAt: number, sourceWindow: Float64Array, columns: Float64Array): void {
  const m00 = m[0], m01 = m[1], o0 = m[2], m10 = m[3], m11 = m[4], o1 = m[5];
  for (let c = 0; c < w; c++) {
    colR[c] = c * m01;
    colC[c] = c * m11;
  }
  if (!inkWindow(box, boxAt, h, w, mode, cval, sourceWindow, 0)) return; // blank image: every output pixel is 0
  const rLo = sourceWindow[0], rHi = sourceWindow[1], cLo = sourceWindow[2], cHi = sourceWindow[3];
  const hm1 = h - 1, wm1 = w - 1;
  const interiorRuns = order === 1;
  const allInterior = interiorRuns && windowInsideInterior(sourceWindow, 0, m01, m11, h, w);
  for (let r = 0; r < h; r++) {
    const rowR = r * m00, rowC = r * m10, out = base + r * w;
    // Columns whose source point (rowR + (c·m01 + o0), rowC + (c·m11 + o1)) can fall in the window
    // (no limit where the window is infinite).
    const a = rowR + o0, b = rowC + o1;
    columns[0] = 0; columns[1] = wm1;
    narrowColumns(columns, a, m01, rLo, rHi);
    narrowColumns(columns, b, m11, cLo, cHi);
    let lo = columns[0], hi = columns[1];
    if (lo > hi) continue;
    if (lo < 0) lo = 0;
    if (hi > wm1) hi = wm1;
    // Columns whose source point is interior: the coordinates are monotone in c (floating-point
    // rounding is monotone), so these form one run — all of lo..hi when the window lies well inside
    // the image, else estimated and then checked at its ends.
    let first = hi + 1, last = hi;
    if (interiorRuns) {
      first = lo; last = hi;
      if (!allInterior) {
        if (m01 !== 0) {
          const x = -a / m01, y = (hm1 - a) / m01;
          first = Math.max(first, Math.ceil(x < y ? x : y));
          last = Math.min(last, Math.floor(x < y ? y : x));
        } else if (!(a >= 0 && a < hm1)) last = first - 1;
        if (m11 !== 0) {
          const x = -b / m11, y = (wm1 - b) / m11;
          first = Math.max(first, Math.ceil(x < y ? x : y));
          last = Math.min(last, Math.floor(x < y ? y : x));
        } else if (!(b >= 0 && b < wm1)) last = first - 1;
        while (first <= last) {
          const ir = a + colR[first], ic = b + colC[first];
          if (ir >= 0 && ir < hm1 && ic >= 0 && ic < wm1) break;
          first++;
        }
        while (last >= first) {
          const ir = a + colR[last], ic = b + colC[last];
          if (ir >= 0 && ir < hm1 && ic >= 0 && ic < wm1) break;
          last--;
        }
      }
      for (let c = first; c <= last; c++) {
        const ir = a + colR[c], ic = b + colC[c];
        const r0 = ir | 0, c0 = ic | 0;
        const p = srcBase + r0 * w + c0;
        dst[out + c] = bilinear(src[p], src[p + 1], src[p + w], src[p + w + 1], ir - r0, ic - c0);
      }
      if (first > last) { first = hi + 1; last = hi; }
    }
    resampleRowOutsideRun(src, srcBase, dst, out, h, w, rowR, rowC, m01, o0, m11, o1, lo, hi, first, last, mode, cval, order);
  }
}
