/**
 * Conv2DBackpropInput for the wasm backend, replacing tfjs-backend-wasm 4.22's slow one:
 * cols[M,K] = dy[M,Cout] · Wᵀ[Cout,K] with the backend's XNNPACK matrix product, then a
 * tight col2im loop on the wasm heap adds each column back into dx.
 */
import * as tf from "@tensorflow/tfjs";
import { convGeometry, dyMatrix, imagesPerChunk, type ConvGeometry, type ConvGradAttrs } from "./conv2d_backprop_filter";
import { KernelArgs, WasmBackendLike, allocate, assertFloat32, heapF32, matMul, offsetOf, release } from "./wasm_heap";

interface Attrs extends ConvGradAttrs {
  inputShape: [number, number, number, number];
}

/** dx[n0+img, ih, iw, c] += cols[(img·outH+oh)·outW+ow, (kh·fw+kw)·cin+c] for in-bounds ih, iw. */
function col2im(heap: Float32Array, cols: number, dx: number, g: ConvGeometry, n0: number, count: number): void {
  const { inH, inW, cin, outH, outW, fh, fw, sh, sw, padTop, padLeft } = g;
  const [xsN, xsH, xsW, xsC] = g.xs;
  const k = fh * fw * cin;
  let row = cols;
  for (let img = 0; img < count; img++) {
    const dxImg = dx + (n0 + img) * xsN;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        for (let kh = 0; kh < fh; kh++) {
          const ih = oh * sh - padTop + kh;
          if (ih < 0 || ih >= inH) continue;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * sw - padLeft + kw;
            if (iw < 0 || iw >= inW) continue;
            const dst = dxImg + ih * xsH + iw * xsW;
            const src = row + (kh * fw + kw) * cin;
            for (let c = 0; c < cin; c++) heap[dst + c * xsC] += heap[src + c];
          }
        }
        row += k;
      }
    }
  }
}

/** The Conv2DBackpropInput kernel function for the wasm backend. */
export function conv2DBackpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Attrs;
  assertFloat32("Conv2DBackpropInput", dy, filter);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(dataFormat));
  const g = convGeometry(info);
  const k = g.fh * g.fw * g.cin;
  const pixels = g.outH * g.outW;
  const dx = allocate(backend, inputShape, true);
  const wT = allocate(backend, [g.cout, k]);
  let heap = heapF32(backend);
  {
    const w = offsetOf(backend, filter); // [fh, fw, cin, cout] = [k, cout]
    const t = offsetOf(backend, wT);
    for (let j = 0; j < k; j++) for (let o = 0; o < g.cout; o++) heap[t + o * k + j] = heap[w + j * g.cout + o];
  }
  const chunk = imagesPerChunk(g);
  for (let n0 = 0; n0 < g.n; n0 += chunk) {
    const count = Math.min(chunk, g.n - n0);
    const dyMat = allocate(backend, [count * pixels, g.cout]);
    heap = heapF32(backend);
    dyMatrix(heap, offsetOf(backend, dy), offsetOf(backend, dyMat), g, n0, count);
    const cols = matMul(backend, dyMat, wT); // [count·pixels, k]
    heap = heapF32(backend);
    col2im(heap, offsetOf(backend, cols), offsetOf(backend, dx), g, n0, count);
    release(backend, dyMat, cols);
  }
  release(backend, wT);
  return dx;
}
