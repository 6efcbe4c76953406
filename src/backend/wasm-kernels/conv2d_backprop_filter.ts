/**
 * Conv2DBackpropFilter for the wasm backend (absent from tfjs-backend-wasm 4.22, so training a
 * CNN there throws). With stride 1 (and padding that fits), dW is itself a convolution: of x
 * seen as [cin, H, W, batch] with dy seen as a filter [outH, outW, batch, cout], which the
 * backend's XNNPACK Conv2D computes fastest. Otherwise dW = im2col(x)ᵀ · dy with the backend's
 * matrix product. The reshuffles are tight loops on the wasm heap.
 */
import * as tf from "@tensorflow/tfjs";
import {
  KernelArgs, WasmBackendLike, allocate, assertFloat32, conv2dStride1, heapF32, layoutStrides, matMul, offsetOf, release, scratchLimit,
} from "./wasm_heap";

/** Attributes tfjs passes to both convolution-gradient kernels. */
export interface ConvGradAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

interface Attrs extends ConvGradAttrs {
  filterShape: [number, number, number, number];
}

/** Geometry shared by the convolution gradients. */
export interface ConvGeometry {
  n: number; inH: number; inW: number; cin: number;
  outH: number; outW: number; cout: number;
  fh: number; fw: number; sh: number; sw: number; padTop: number; padLeft: number;
  /** Strides of x (or dx) and of dy, in elements: batch, row, column, channel. */
  xs: [number, number, number, number];
  ys: [number, number, number, number];
}

/** Reads the geometry from tfjs's conv info (dilations are always 1 for these gradients). */
export function convGeometry(info: tf.backend_util.Conv2DInfo): ConvGeometry {
  const last = info.dataFormat === "channelsLast";
  return {
    n: info.batchSize, inH: info.inHeight, inW: info.inWidth, cin: info.inChannels,
    outH: info.outHeight, outW: info.outWidth, cout: info.outChannels,
    fh: info.filterHeight, fw: info.filterWidth, sh: info.strideHeight, sw: info.strideWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
    xs: layoutStrides(last, info.inHeight, info.inWidth, info.inChannels),
    ys: layoutStrides(last, info.outHeight, info.outWidth, info.outChannels),
  };
}

/** Images per chunk so that one [images·outH·outW, fh·fw·cin] scratch matrix stays bounded. */
export function imagesPerChunk(g: ConvGeometry): number {
  const perImage = g.outH * g.outW * g.fh * g.fw * g.cin;
  return Math.max(1, Math.min(g.n, Math.floor(scratchLimit() / Math.max(1, perImage))));
}

/** Fills cols[(img·outH+oh)·outW+ow, (kh·fw+kw)·cin+c] = x[n0+img, ih, iw, c] (0 outside). */
function im2col(heap: Float32Array, x: number, cols: number, g: ConvGeometry, n0: number, count: number): void {
  const { inH, inW, cin, outH, outW, fh, fw, sh, sw, padTop, padLeft } = g;
  const [xsN, xsH, xsW, xsC] = g.xs;
  const k = fh * fw * cin;
  const run = fw * cin; // one filter row: contiguous in x when NHWC and inside the image
  let row = cols;
  for (let img = 0; img < count; img++) {
    const xImg = x + (n0 + img) * xsN;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let dst = row;
        const iw0 = ow * sw - padLeft;
        const inside = iw0 >= 0 && iw0 + fw <= inW && xsC === 1;
        for (let kh = 0; kh < fh; kh++, dst += run) {
          const ih = oh * sh - padTop + kh;
          if (ih < 0 || ih >= inH) {
            heap.fill(0, dst, dst + run);
          } else if (inside) {
            const src = xImg + ih * xsH + iw0 * xsW;
            heap.copyWithin(dst, src, src + run);
          } else {
            for (let kw = 0; kw < fw; kw++) {
              const iw = iw0 + kw;
              const d = dst + kw * cin;
              if (iw < 0 || iw >= inW) {
                for (let c = 0; c < cin; c++) heap[d + c] = 0;
              } else {
                const src = xImg + ih * xsH + iw * xsW;
                for (let c = 0; c < cin; c++) heap[d + c] = heap[src + c * xsC];
              }
            }
          }
        }
        row += k;
      }
    }
  }
}

/** Fills colsT[(kh·fw+kw)·cin+c, (img·outH+oh)·outW+ow] = x[n0+img, ih, iw, c] (0 outside):
 * the transposed im2col, cheaper than im2col plus transposing dy when cin is small. */
function im2colT(heap: Float32Array, x: number, colsT: number, g: ConvGeometry, n0: number, count: number): void {
  const { inH, inW, cin, outH, outW, fh, fw, sh, sw, padTop, padLeft } = g;
  const [xsN, xsH, xsW, xsC] = g.xs;
  let dst = colsT;
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      for (let c = 0; c < cin; c++) {
        for (let img = 0; img < count; img++) {
          const xImg = x + (n0 + img) * xsN + c * xsC;
          for (let oh = 0; oh < outH; oh++) {
            const ih = oh * sh - padTop + kh;
            if (ih < 0 || ih >= inH) {
              heap.fill(0, dst, dst + outW);
              dst += outW;
              continue;
            }
            const xRow = xImg + ih * xsH;
            for (let ow = 0; ow < outW; ow++) {
              const iw = ow * sw - padLeft + kw;
              heap[dst++] = iw < 0 || iw >= inW ? 0 : heap[xRow + iw * xsW];
            }
          }
        }
      }
    }
  }
}

/** Copies dy[n0 .. n0+count) as a contiguous [count·outH·outW, cout] matrix. */
export function dyMatrix(heap: Float32Array, dy: number, out: number, g: ConvGeometry, n0: number, count: number): void {
  const [ysN, ysH, ysW, ysC] = g.ys;
  if (ysC === 1) {
    heap.copyWithin(out, dy + n0 * ysN, dy + (n0 + count) * ysN);
    return;
  }
  let dst = out;
  for (let img = 0; img < count; img++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const s = dy + (n0 + img) * ysN + oh * ysH + ow * ysW;
        for (let o = 0; o < g.cout; o++) heap[dst + o] = heap[s + o * ysC];
        dst += g.cout;
      }
    }
  }
}

/** The Conv2DBackpropFilter kernel function for the wasm backend. */
export function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Attrs;
  assertFloat32("Conv2DBackpropFilter", x, dy);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(dataFormat));
  const g = convGeometry(info);
  const k = g.fh * g.fw * g.cin;
  const pixels = g.outH * g.outW;
  const filterShape4 = [g.fh, g.fw, g.cin, g.cout];
  const viaConv = filterGradientByConvolution(backend, x, dy, g);
  if (viaConv) return viaConv;
  const chunk = imagesPerChunk(g);
  // Few input channels (the first layer): dW = colsT[k,M] · dy[M,cout] directly. Otherwise
  // dWᵀ = dyᵀ[cout,M] · cols[M,k], whose im2col copies whole filter rows at once.
  const transposedCols = g.cin < 8;
  if (transposedCols && chunk === g.n && g.ys[3] === 1) {
    const colsT = allocate(backend, [k, g.n * pixels]);
    im2colT(heapF32(backend), offsetOf(backend, x), offsetOf(backend, colsT), g, 0, g.n);
    const dyAsMatrix = { dataId: dy.dataId, shape: [g.n * pixels, g.cout], dtype: dy.dtype };
    const dW = matMul(backend, colsT, dyAsMatrix);
    release(backend, colsT);
    dW.shape = filterShape4;
    return dW;
  }
  const dW = allocate(backend, filterShape4, true);
  for (let n0 = 0; n0 < g.n; n0 += chunk) {
    const count = Math.min(chunk, g.n - n0);
    const m = count * pixels;
    let heap: Float32Array;
    if (transposedCols) {
      const colsT = allocate(backend, [k, m]);
      const dyM = allocate(backend, [m, g.cout]);
      heap = heapF32(backend);
      im2colT(heap, offsetOf(backend, x), offsetOf(backend, colsT), g, n0, count);
      dyMatrix(heap, offsetOf(backend, dy), offsetOf(backend, dyM), g, n0, count);
      const part = matMul(backend, colsT, dyM); // [k, cout]
      heap = heapF32(backend);
      const src = offsetOf(backend, part);
      const dst = offsetOf(backend, dW);
      for (let j = 0; j < k * g.cout; j++) heap[dst + j] += heap[src + j];
      release(backend, colsT, dyM, part);
      continue;
    }
    const cols = allocate(backend, [m, k]);
    const dyT = allocate(backend, [g.cout, m]);
    heap = heapF32(backend);
    im2col(heap, offsetOf(backend, x), offsetOf(backend, cols), g, n0, count);
    transposeDy(heap, offsetOf(backend, dy), offsetOf(backend, dyT), g, n0, count);
    const dWT = matMul(backend, dyT, cols); // [cout, k]
    heap = heapF32(backend);
    const src = offsetOf(backend, dWT);
    const dst = offsetOf(backend, dW);
    for (let o = 0; o < g.cout; o++) {
      for (let j = 0; j < k; j++) heap[dst + j * g.cout + o] += heap[src + o * k + j];
    }
    release(backend, cols, dyT, dWT);
  }
  return dW;
}

/** dyT[o, (img·outH+oh)·outW+ow] = dy[n0+img, oh, ow, o]. */
function transposeDy(heap: Float32Array, dy: number, dyT: number, g: ConvGeometry, n0: number, count: number): void {
  const [ysN, ysH, ysW, ysC] = g.ys;
  const m = count * g.outH * g.outW;
  let col = 0;
  for (let img = 0; img < count; img++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const src = dy + (n0 + img) * ysN + oh * ysH + ow * ysW;
        for (let o = 0; o < g.cout; o++) heap[dyT + o * m + col] = heap[src + o * ysC];
        col++;
      }
    }
  }
}

/**
 * dW[kh,kw,c,o] = Σ_{n,oh,ow} x[n, oh+kh−padTop, ow+kw−padLeft, c] · dy[n,oh,ow,o] (stride 1)
 * is the convolution of xT[c, h, w, n] with the filter dyT[oh, ow, n, o], giving [c, kh, kw, o].
 * Returns undefined when the stride is not 1 or the padding does not give a fh×fw output.
 */
function filterGradientByConvolution(backend: WasmBackendLike, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo | undefined {
  // With few input channels the convolution has a tiny batch and a huge filter, which XNNPACK
  // handles poorly; the transposed im2col is faster there.
  if (g.sh !== 1 || g.sw !== 1 || g.cin < 8) return undefined;
  const padBottom = g.fh + g.outH - 1 - g.inH - g.padTop;
  const padRight = g.fw + g.outW - 1 - g.inW - g.padLeft;
  if (g.padTop < 0 || g.padLeft < 0 || padBottom < 0 || padRight < 0) return undefined;
  const xT = allocate(backend, [g.cin, g.inH, g.inW, g.n]);
  const dyT = allocate(backend, [g.outH, g.outW, g.n, g.cout]);
  let heap = heapF32(backend);
  {
    // One pixel at a time: its [n, c] block goes to xT's [c, n] block (both stay in cache).
    const [xsN, xsH, xsW, xsC] = g.xs;
    const src = offsetOf(backend, x);
    const dst = offsetOf(backend, xT);
    const plane = g.inH * g.inW * g.n;
    for (let h = 0; h < g.inH; h++) {
      for (let w = 0; w < g.inW; w++) {
        const to = dst + (h * g.inW + w) * g.n;
        for (let n = 0; n < g.n; n++) {
          const from = src + n * xsN + h * xsH + w * xsW;
          for (let c = 0; c < g.cin; c++) heap[to + c * plane + n] = heap[from + c * xsC];
        }
      }
    }
  }
  {
    const [ysN, ysH, ysW, ysC] = g.ys;
    const src = offsetOf(backend, dy);
    let dst = offsetOf(backend, dyT);
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let n = 0; n < g.n; n++, dst += g.cout) {
          const at = src + n * ysN + oh * ysH + ow * ysW;
          if (ysC === 1) heap.copyWithin(dst, at, at + g.cout);
          else for (let o = 0; o < g.cout; o++) heap[dst + o] = heap[at + o * ysC];
        }
      }
    }
  }
  const out = conv2dStride1(backend, xT, dyT, [g.padTop, padBottom, g.padLeft, padRight]); // [cin, fh, fw, cout]
  release(backend, xT, dyT);
  const dW = allocate(backend, [g.fh, g.fw, g.cin, g.cout]);
  heap = heapF32(backend);
  const src = offsetOf(backend, out);
  const dst = offsetOf(backend, dW);
  const taps = g.fh * g.fw;
  for (let c = 0; c < g.cin; c++) {
    for (let t = 0; t < taps; t++) {
      const from = src + (c * taps + t) * g.cout;
      heap.copyWithin(dst + (t * g.cin + c) * g.cout, from, from + g.cout);
    }
  }
  release(backend, out);
  return dW;
}
