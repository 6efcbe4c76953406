/**
 * Median filtering (article §3.3), equal pixel for pixel to `scipy.ndimage.median_filter(image,
 * size)` with mode 'reflect' (d c b a | a b c d): a sorting network for 3×3 bytes with exact
 * shortcuts for mostly-empty images, the same network for float32, and a sort for any size.
 */
import { DatasetError, InvalidArgumentError } from "../errors";
import type { Images, PixelArray } from "../types";
import { assertImages } from "./assert-images";
import { reflectIndex } from "./reflect";

/**
 * 3×3 median of bytes. Each column's three values (rows above, at, below) are sorted once per
 * output row; the median of nine is then median(max of lows, median of mids, min of highs).
 * Because 0 is the smallest byte, any window holding at least five zeros has median 0, which
 * gives exact shortcuts for mostly-empty images like MNIST: only the bounding box of the ink can
 * be non-zero (a window centred outside it has two empty rows or columns), and inside it a window
 * whose three column middles are 0 holds at least six zeros.
 */
function median3x3U8(src: Uint8Array, dst: Uint8Array, n: number, h: number, w: number): void {
  const lo = new Int32Array(w + 2), mid = new Int32Array(w + 2), hi = new Int32Array(w + 2);
  const size = h * w;
  for (let img = 0; img < n; img++) {
    const base = img * size;
    // Bounding box of non-zero pixels.
    let rmin = h, rmax = -1, cmin = w, cmax = -1;
    for (let r = 0; r < h; r++) {
      const row = base + r * w;
      let first = -1, last = -1;
      for (let c = 0; c < w; c++) {
        if (src[row + c] !== 0) {
          if (first < 0) first = c;
          last = c;
        }
      }
      if (first < 0) continue;
      if (rmin === h) rmin = r;
      rmax = r;
      if (first < cmin) cmin = first;
      if (last > cmax) cmax = last;
    }
    if (rmax < 0) continue; // blank image: median is 0 everywhere
    const c0 = cmin > 0 ? cmin - 1 : 0, c1 = cmax < w - 1 ? cmax + 1 : w - 1;
    for (let r = rmin; r <= rmax; r++) {
      const up = base + (r > 0 ? r - 1 : 0) * w, at = base + r * w, down = base + (r < h - 1 ? r + 1 : h - 1) * w;
      for (let c = c0; c <= c1; c++) {
        const a = src[up + c], b = src[at + c], e = src[down + c];
        const mn = a < b ? a : b, mx = a < b ? b : a;
        const t = mn < e ? e : mn;
        lo[c + 1] = mn < e ? mn : e;
        mid[c + 1] = mx < t ? mx : t;
        hi[c + 1] = mx < t ? t : mx;
      }
      lo[0] = lo[1]; mid[0] = mid[1]; hi[0] = hi[1];
      lo[w + 1] = lo[w]; mid[w + 1] = mid[w]; hi[w + 1] = hi[w];
      for (let c = cmin; c <= cmax; c++) {
        const m0 = mid[c], m1 = mid[c + 1], m2 = mid[c + 2];
        if ((m0 | m1 | m2) === 0) continue;
        const l0 = lo[c], l1 = lo[c + 1], l2 = lo[c + 2];
        const x = l0 > l1 ? l0 : l1;
        const maxLo = x > l2 ? x : l2;
        const h0 = hi[c], h1 = hi[c + 1], h2 = hi[c + 2];
        const y = h0 < h1 ? h0 : h1;
        const minHi = y < h2 ? y : h2;
        const mn = m0 < m1 ? m0 : m1, mx = m0 < m1 ? m1 : m0;
        const z = mx < m2 ? mx : m2;
        const medMid = mn > z ? mn : z;
        const p = maxLo < medMid ? maxLo : medMid, q = maxLo < medMid ? medMid : maxLo;
        const u = q < minHi ? q : minHi;
        dst[at + c] = p > u ? p : u;
      }
    }
  }
}

/** The same network for float32 pixels (values compared as numbers; NaN is rejected beforehand). */
function median3x3F32(src: Float32Array, dst: Float32Array, n: number, h: number, w: number): void {
  const lo = new Float32Array(w + 2), mid = new Float32Array(w + 2), hi = new Float32Array(w + 2);
  const size = h * w;
  for (let img = 0; img < n; img++) {
    const base = img * size;
    for (let r = 0; r < h; r++) {
      const up = base + (r > 0 ? r - 1 : 0) * w, at = base + r * w, down = base + (r < h - 1 ? r + 1 : h - 1) * w;
      for (let c = 0; c < w; c++) {
        let a = src[up + c], b = src[at + c], d = src[down + c], t: number;
        if (a > b) { t = a; a = b; b = t; }
        if (b > d) { t = b; b = d; d = t; }
        if (a > b) { t = a; a = b; b = t; }
        lo[c + 1] = a; mid[c + 1] = b; hi[c + 1] = d;
      }
      lo[0] = lo[1]; mid[0] = mid[1]; hi[0] = hi[1];
      lo[w + 1] = lo[w]; mid[w + 1] = mid[w]; hi[w + 1] = hi[w];
      for (let c = 0; c < w; c++) {
        let x = lo[c], y = lo[c + 1], z = lo[c + 2];
        const maxLo = x > y ? (x > z ? x : z) : y > z ? y : z;
        x = hi[c]; y = hi[c + 1]; z = hi[c + 2];
        const minHi = x < y ? (x < z ? x : z) : y < z ? y : z;
        x = mid[c]; y = mid[c + 1]; z = mid[c + 2];
        const medMid = x > y ? (y > z ? y : x > z ? z : x) : x > z ? x : y > z ? z : y;
        dst[at + c] = maxLo > minHi ? (minHi > medMid ? minHi : maxLo > medMid ? medMid : maxLo) : maxLo > medMid ? maxLo : minHi > medMid ? medMid : minHi;
      }
    }
  }
}

/** Any window size: gather, sort, take element `floor(size²/2)` as scipy's rank filter does. */
function medianGeneric(src: PixelArray, dst: PixelArray, n: number, h: number, w: number, size: number): void {
  const before = size >> 1; // scipy centres the window at size // 2 (origin 0)
  const rowIdx = new Int32Array(h * size), colIdx = new Int32Array(w * size);
  for (let r = 0; r < h; r++) for (let k = 0; k < size; k++) rowIdx[r * size + k] = reflectIndex(r - before + k, h) * w;
  for (let c = 0; c < w; c++) for (let k = 0; k < size; k++) colIdx[c * size + k] = reflectIndex(c - before + k, w);
  const window = new Float64Array(size * size);
  const rank = (size * size) >> 1;
  for (let img = 0; img < n; img++) {
    const base = img * h * w;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let m = 0;
        for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) window[m++] = src[base + rowIdx[r * size + i] + colIdx[c * size + j]];
        window.sort();
        dst[base + r * w + c] = window[rank];
      }
    }
  }
}

/**
 * Median filter of each image, identical to `scipy.ndimage.median_filter(image, size=size)`
 * (mode 'reflect') for Uint8Array and Float32Array images; returns new images of the same type
 * (written into `into` when given: every pixel is overwritten).
 */
export function medianFilter<T extends PixelArray>(images: Images<T>, size = 3, into?: T): Images<T> {
  assertImages(images);
  if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError("size", "a positive integer", String(size));
  const { data, n, h, w } = images;
  if (into !== undefined && (into.constructor !== data.constructor || into.length !== data.length || into.buffer === data.buffer)) {
    throw new InvalidArgumentError("into", `a separate ${data.constructor.name} of ${data.length} values`, `${into.constructor.name} of ${into.length}${into.buffer === data.buffer ? " sharing the input's memory" : ""}`);
  }
  if (data instanceof Float32Array) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new DatasetError("images", "finite pixels", `${data[i]} in image ${Math.floor(i / (h * w))}`, "validateImages/dropInvalid removes such images");
      }
    }
  }
  // A fresh output costs a page fault per 4 KiB on first touch (V8 does not ask for huge pages),
  // which dominates on large inputs; `into` lets a caller reuse one buffer.
  const out = into ?? new (data.constructor as { new (length: number): T })(data.length);
  if (n === 0 || h === 0 || w === 0) return { data: out, n, h, w };
  if (size === 3 && data instanceof Uint8Array) {
    if (into !== undefined) out.fill(0); // median3x3U8 only writes non-zero medians
    median3x3U8(data, out as Uint8Array, n, h, w);
  } else if (size === 3 && data instanceof Float32Array) median3x3F32(data, out as Float32Array, n, h, w);
  else medianGeneric(data, out, n, h, w, size);
  return { data: out, n, h, w };
}
