/** Shared data shapes: images stay flat typed arrays with an explicit shape until a tensor is needed. */

/** Pixel storage: raw bytes as read from IDX, or floats after cleaning/normalisation. */
export type PixelArray = Uint8Array | Float32Array;

/** A batch of `n` single-channel images of `h`×`w` pixels, row-major, image after image. */
export interface Images<T extends PixelArray = PixelArray> {
  data: T;
  n: number;
  h: number;
  w: number;
}

/** Images with their labels (0–9), `labels[i]` belonging to image `i`. */
export interface LabelledImages<T extends PixelArray = Uint8Array> {
  images: Images<T>;
  labels: Uint8Array;
}

/** The two MNIST splits. */
export interface MnistDataset<T extends PixelArray = Uint8Array> {
  train: LabelledImages<T>;
  test: LabelledImages<T>;
}
