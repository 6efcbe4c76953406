/** Small conversions notebooks use when they print numbers. */
import type * as tf from "@tensorflow/tfjs";

/** Reads a tensor as plain numbers and disposes it. */
export function tensorValues(t: tf.Tensor): number[] {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** `value` rounded to `digits` significant digits, as a number (for tables). */
export function significant(value: number, digits = 6): number {
  return Number(value.toPrecision(digits));
}
