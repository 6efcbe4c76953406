/**
 * Augmentation (article §3.4): Keras's `ImageDataGenerator`, batched over flat typed arrays.
 *
 * By default this reproduces the `ImageDataGenerator` the article's code runs today —
 * `tf.keras.preprocessing.image` in TensorFlow 2.21, i.e. Keras 3's legacy module, which equals
 * tf-keras 2.21 and keras-preprocessing master: one matrix per image (rotation · shift · shear ·
 * zoom about (h/2 − 0.5, w/2 − 0.5)) whose two axes Keras then swaps (`M' = PMP`), so `tx`, drawn
 * from `heightShiftRange`, moves the image sideways. It is resampled once like
 * `scipy.ndimage.affine_transform(order=1 | 0, mode=fillMode, cval)` with scipy's border rules.
 * Proven against the real library by test/fixtures/augment-keras.json.gz
 * (scripts/fixtures/make-fixtures-augment.py). Random parameters come from the generator's own seeded PRNG
 * (xoshiro128**), drawn in Keras's order; the stream is *not* numpy's, so the same seed does not
 * give Keras's numbers — only the same distributions.
 *
 * options.ts: option and parameter types and their validation · matrix.ts: Keras's matrix ·
 * resample.ts: scipy's resampling of one image · pixel-ops.ts: channel shift, flips, brightness ·
 * transform.ts: batches of images through all of these · standardize.ts: Keras's `standardize` ·
 * flow.ts: flow options and subsets · generator.ts: `ImageDataGenerator`.
 */
export type { FillMode, ImageDataGeneratorOptions, Interpolation, KerasFlavor, PreprocessingFunction, ResampleOptions, TransformParams } from "./options";
export { IMAGE_DATA_GENERATOR_OPTIONS } from "./options";
export { transformMatrix } from "./matrix";
export { inkBoxes } from "./resample";
export { applyTransform } from "./transform";
export type { AugmentedBatch, DatasetOptions, FlowOptions } from "./flow";
export { ImageDataGenerator } from "./generator";
