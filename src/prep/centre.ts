/**
 * MNIST's own preparation of a handwritten digit (LeCun et al.): crop to the ink, scale it into a
 * 20×20 box keeping the aspect ratio (anti-aliased), and place it in a 28×28 field so that its
 * centre of mass sits at the centre. Pure TypeScript: the web page and Node share this code.
 */
import { InvalidArgumentError } from "../errors";
import type { Images, PixelArray } from "../types";

/** Options for `centreLikeMnist`; the defaults are MNIST's. */
export interface CentringOptions {
  /** Side of the box the ink is scaled into (default 20). */
  box?: number;
  /** Side of the output field (default 28). */
  size?: number;
  /**
   * Where the centre of mass goes, in pixel indices (default 14: the mean centre of mass of the
   * 10 000 MNIST test images is (14.01, 13.99) in column/row indices).
   */
  target?: number;
  /** Pixels above this value count as ink for the bounding box (default 0). */
  threshold?: number;
}

/** Every intermediate step of `centreLikeMnist`, for showing what happened. */
export interface MnistCentring {
  /** The network's input: one `size`×`size` image, in the units of the input. */
  input: Images<Float32Array>;
  /** The ink's bounding box in the source image; null when there is no ink. */
  box: { top: number; left: number; height: number; width: number } | null;
  /** The cropped ink scaled to fit the `box`×`box` square (its own height × width). */
  scaled: Images<Float32Array>;
  /** Scale factor applied to the crop (20 / longer side of the box). */
  scale: number;
  /** Centre of mass of `scaled`, in its own pixel indices. */
  centreOfMass: { x: number; y: number };
  /** Where `scaled`'s top-left pixel went in the output (whole pixels, as MNIST did). */
  offset: { x: number; y: number };
}

function checkSide(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(name, "a positive integer", String(value));
}

/**
 * Weights of a 1-D resampling from `inSize` to `outSize` pixels. Shrinking averages the input area
 * each output pixel covers (a box filter: anti-aliased, and an exact inverse of enlarging by a whole
 * factor); enlarging interpolates linearly. Scale 1 is the identity.
 */
function axisWeights(inSize: number, outSize: number): Array<{ start: number; weights: number[] }> {
  const scale = outSize / inSize;
  const rows: Array<{ start: number; weights: number[] }> = [];
  for (let j = 0; j < outSize; j++) {
    const weights: number[] = [];
    let start: number;
    if (scale < 1) {
      const from = j / scale;
      const to = (j + 1) / scale;
      start = Math.floor(from);
      for (let x = start; x < Math.min(inSize, Math.ceil(to)); x++) weights.push((Math.min(to, x + 1) - Math.max(from, x)) / (to - from));
    } else {
      const centre = Math.min(inSize - 1, Math.max(0, (j + 0.5) / scale - 0.5));
      start = Math.floor(centre);
      const t = centre - start;
      weights.push(1 - t);
      if (start + 1 < inSize) weights.push(t);
    }
    rows.push({ start, weights });
  }
  return rows;
}

/** Resizes the `height`×`width` window at (`top`, `left`) of one image to `outH`×`outW`, anti-aliased. */
function resizeWindow(src: ArrayLike<number>, srcW: number, top: number, left: number, height: number, width: number, outH: number, outW: number): Float32Array {
  const across = axisWeights(width, outW);
  const down = axisWeights(height, outH);
  const rows = new Float32Array(height * outW);
  for (let y = 0; y < height; y++) {
    const base = (top + y) * srcW + left;
    for (let j = 0; j < outW; j++) {
      const { start, weights } = across[j];
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * src[base + start + k];
      rows[y * outW + j] = sum;
    }
  }
  const out = new Float32Array(outH * outW);
  for (let i = 0; i < outH; i++) {
    const { start, weights } = down[i];
    for (let j = 0; j < outW; j++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * rows[(start + k) * outW + j];
      out[i * outW + j] = sum;
    }
  }
  return out;
}

/**
 * Prepares image `index` of `images` (any size; ink bright on a zero background, in any units) the
 * way MNIST prepared its digits: crop to the ink's bounding box, scale the longer side to 20 pixels
 * keeping the aspect ratio (anti-aliased), then shift by whole pixels so the centre of mass lands
 * on pixel (14, 14) of a 28×28 field. An MNIST image comes back unchanged or moved by one pixel;
 * an image without ink comes back empty.
 */
export function centreLikeMnist(images: Images<PixelArray>, index = 0, options: CentringOptions = {}): MnistCentring {
  const boxSide = options.box ?? 20;
  const size = options.size ?? 28;
  const target = options.target ?? size / 2;
  const threshold = options.threshold ?? 0;
  checkSide("box", boxSide);
  checkSide("size", size);
  if (boxSide > size) throw new InvalidArgumentError("box", `at most size (${size})`, String(boxSide));
  const { h, w } = images;
  if (!Number.isInteger(index) || index < 0 || index >= images.n) throw new InvalidArgumentError("index", `an image index in [0, ${images.n})`, String(index));
  if (images.data.length !== images.n * h * w) throw new InvalidArgumentError("images.data", `${images.n}×${h}×${w} = ${images.n * h * w} values`, String(images.data.length));
  const src = images.data.subarray(index * h * w, (index + 1) * h * w);

  let top = h, left = w, bottom = -1, right = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (src[y * w + x] > threshold) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  const input: Images<Float32Array> = { data: new Float32Array(size * size), n: 1, h: size, w: size };
  if (bottom < 0) {
    return { input, box: null, scaled: { data: new Float32Array(0), n: 1, h: 0, w: 0 }, scale: 1, centreOfMass: { x: NaN, y: NaN }, offset: { x: 0, y: 0 } };
  }
  const height = bottom - top + 1;
  const width = right - left + 1;
  const scale = boxSide / Math.max(height, width);
  const outH = Math.max(1, Math.round(height * scale));
  const outW = Math.max(1, Math.round(width * scale));
  const scaled = resizeWindow(src, w, top, left, height, width, outH, outW);

  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const v = scaled[y * outW + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  const centreOfMass = { x: mx / mass, y: my / mass };
  const offset = { x: Math.round(target - centreOfMass.x), y: Math.round(target - centreOfMass.y) };
  for (let y = 0; y < outH; y++) {
    const fy = y + offset.y;
    if (fy < 0 || fy >= size) continue;
    for (let x = 0; x < outW; x++) {
      const fx = x + offset.x;
      if (fx >= 0 && fx < size) input.data[fy * size + fx] = scaled[y * outW + x];
    }
  }
  return { input, box: { top, left, height, width }, scaled: { data: scaled, n: 1, h: outH, w: outW }, scale, centreOfMass, offset };
}

/** Every image of `images` through `centreLikeMnist`: n images of 28×28 (or `options.size`). */
export function centreImagesLikeMnist(images: Images<PixelArray>, options: CentringOptions = {}): Images<Float32Array> {
  const size = options.size ?? 28;
  const out = new Float32Array(images.n * size * size);
  for (let i = 0; i < images.n; i++) out.set(centreLikeMnist(images, i, options).input.data, i * size * size);
  return { data: out, n: images.n, h: size, w: size };
}

/** Moves every image by whole pixels (`dx` right, `dy` down), filling with 0; ink pushed past the edge is lost. */
export function shiftImages(images: Images<PixelArray>, dx: number, dy: number): Images<Float32Array> {
  if (!Number.isInteger(dx) || !Number.isInteger(dy)) throw new InvalidArgumentError("shift", "whole pixels (integers)", `${dx}, ${dy}`);
  const { n, h, w } = images;
  const out = new Float32Array(n * h * w);
  for (let i = 0; i < n; i++) {
    for (let y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
      for (let x = Math.max(0, dx); x < Math.min(w, w + dx); x++) out[i * h * w + y * w + x] = images.data[i * h * w + (y - dy) * w + (x - dx)];
    }
  }
  return { data: out, n, h, w };
}
