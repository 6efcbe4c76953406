/** Looking inside a model and its outputs: layer counts, weight snapshots, the predicted class. */
import type * as tf from "@tensorflow/tfjs";

/** How many layers of each class (`Conv2D`, `Dense`, …) the model has. */
export function layerCounts(model: tf.LayersModel): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const layer of model.layers) counts[layer.getClassName()] = (counts[layer.getClassName()] ?? 0) + 1;
  return counts;
}

/** A copy of every layer's weights, by layer name (plain arrays, no tensors kept). */
export function weightSnapshot(model: tf.LayersModel): Map<string, Float32Array[]> {
  return new Map(model.layers.map((l) => [l.name, l.getWeights().map((w) => Float32Array.from(w.dataSync()))]));
}

/** Largest |a − b| between two snapshots' weights of each layer present in both (0 for weightless layers). */
export function weightChanges(a: Map<string, Float32Array[]>, b: Map<string, Float32Array[]>): Record<string, number> {
  const changes: Record<string, number> = {};
  for (const [name, weights] of a) {
    const other = b.get(name);
    if (!other) continue;
    let gap = weights.length === other.length ? 0 : Infinity;
    weights.forEach((w, k) => {
      if (!other[k] || other[k].length !== w.length) gap = Infinity;
      else for (let i = 0; i < w.length; i++) gap = Math.max(gap, Math.abs(w[i] - other[k][i]));
    });
    changes[name] = gap;
  }
  return changes;
}

/** Index of the largest value (the predicted class of a probability vector); -1 when empty. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i] > values[best]) best = i;
  return best;
}
