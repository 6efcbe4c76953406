/**
 * Reference formulas for the article's §4 (neural network, losses, optimisers) in plain
 * TypeScript on numbers and arrays — no tensors — so notebook 05 can check both the article
 * and tfjs against them. Logarithms are natural (ln) throughout, as in Keras and tfjs.
 */
import { InvalidArgumentError } from "../../errors";

/** How a per-sample loss is reduced over samples. */
export type Reduction = "mean" | "sum";

const finiteArray = (input: string, values: readonly number[]): void => {
  if (values.length === 0) throw new InvalidArgumentError(input, "a non-empty array", "an empty array");
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InvalidArgumentError(input, "finite numbers", `${values[bad]} at index ${bad}`);
};

const sameLength = (nameA: string, a: readonly unknown[], nameB: string, b: readonly unknown[]): void => {
  if (a.length !== b.length) throw new InvalidArgumentError(nameB, `length ${a.length} (the length of ${nameA})`, `length ${b.length}`);
};

const probabilities = (input: string, p: readonly number[]): void => {
  finiteArray(input, p);
  const bad = p.findIndex((v) => v < 0 || v > 1);
  if (bad >= 0) throw new InvalidArgumentError(input, "probabilities in [0, 1]", `${p[bad]} at index ${bad}`);
};

const reduce = (values: number[], reduction: Reduction): number => {
  const sum = values.reduce((s, v) => s + v, 0);
  if (reduction === "sum") return sum;
  if (reduction === "mean") return sum / values.length;
  throw new InvalidArgumentError("reduction", `"mean" or "sum"`, JSON.stringify(reduction));
};

// ─── Activations ──────────────────────────────────────────────────────────────

/** Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), evaluated without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z); // for z < 0 the equivalent form e^z / (1 + e^z) avoids e^(−z) → ∞
  return e / (1 + e);
}

/** Hyperbolic tangent tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)). */
export const tanh = (z: number): number => Math.tanh(z);

/** Rectified linear unit ReLU(z) = max(0, z). */
export const relu = (z: number): number => Math.max(0, z);

/** Softmax softmax(z)_i = e^(z_i − max z) / Σ_j e^(z_j − max z) — shifting by max z avoids overflow. */
export function softmax(z: readonly number[]): number[] {
  finiteArray("softmax z", z);
  const max = Math.max(...z);
  const exps = z.map((v) => Math.exp(v - max));
  const total = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / total);
}

// ─── The dense layer of §4.1 ──────────────────────────────────────────────────

/** Matrix–vector product (W·x)_i = Σ_j W_ij x_j for W given as rows. */
export function matVec(W: readonly (readonly number[])[], x: readonly number[]): number[] {
  finiteArray("x", x);
  return W.map((row, i) => {
    if (row.length !== x.length) throw new InvalidArgumentError(`W row ${i}`, `${x.length} columns (the length of x)`, `${row.length}`);
    return row.reduce((s, w, j) => s + w * x[j], 0);
  });
}

/** The outputs of one dense layer: pre-activation `z = W·x + b` and activation `a = σ(z)`. */
export interface DenseOutput {
  /** W·x */
  product: number[];
  /** z = W·x + b */
  preActivation: number[];
  /** a = activation(z), element-wise */
  output: number[];
}

/** Dense layer forward pass a = σ(W·x + b) (article §4.1), with the activation applied element-wise. */
export function denseForward(
  W: readonly (readonly number[])[],
  x: readonly number[],
  b: readonly number[],
  activation: (z: number) => number = sigmoid,
): DenseOutput {
  const product = matVec(W, x);
  sameLength("W rows", product, "b", b);
  const preActivation = product.map((v, i) => v + b[i]);
  return { product, preActivation, output: preActivation.map(activation) };
}

// ─── Losses of §4.2 ───────────────────────────────────────────────────────────

/** Mean squared error MSE = (1/n) Σ (y_i − ŷ_i)². */
export function mse(y: readonly number[], yHat: readonly number[]): number {
  finiteArray("y", y);
  finiteArray("yHat", yHat);
  sameLength("y", y, "yHat", yHat);
  return y.reduce((s, v, i) => s + (v - yHat[i]) ** 2, 0) / y.length;
}

/** The article's cross-entropy −Σ_i y_i ln ŷ_i over one distribution (terms with y_i = 0 count as 0). */
export function crossEntropy(y: readonly number[], p: readonly number[]): number {
  probabilities("y", y);
  probabilities("p", p);
  sameLength("y", y, "p", p);
  return -y.reduce((s, yi, i) => s + (yi === 0 ? 0 : yi * Math.log(p[i])), 0);
}

/** Binary cross-entropy −[y ln p + (1 − y) ln(1 − p)] per sample, reduced by mean (Keras, tfjs) or sum. */
export function binaryCrossEntropy(y: readonly number[], p: readonly number[], reduction: Reduction = "mean"): number {
  probabilities("y", y);
  probabilities("p", p);
  sameLength("y", y, "p", p);
  const term = (yi: number, pi: number) => (yi === 0 ? 0 : yi * Math.log(pi)) + (yi === 1 ? 0 : (1 - yi) * Math.log(1 - pi));
  return reduce(y.map((yi, i) => -term(yi, p[i])), reduction);
}

/** Categorical cross-entropy −Σ_k Y_nk ln P_nk per sample (row), reduced over samples by mean (Keras, tfjs) or sum. */
export function categoricalCrossEntropy(Y: readonly (readonly number[])[], P: readonly (readonly number[])[], reduction: Reduction = "mean"): number {
  if (Y.length === 0) throw new InvalidArgumentError("Y", "at least one sample", "none");
  sameLength("Y", Y, "P", P);
  return reduce(Y.map((row, n) => crossEntropy(row, P[n])), reduction);
}

/** Sparse categorical cross-entropy −ln P_n,label_n per sample (Keras `sparse_categorical_crossentropy`), reduced by mean or sum. */
export function sparseCategoricalCrossEntropy(labels: readonly number[], P: readonly (readonly number[])[], reduction: Reduction = "mean"): number {
  finiteArray("labels", labels);
  sameLength("labels", labels, "P", P);
  return reduce(labels.map((label, n) => {
    if (!Number.isInteger(label) || label < 0 || label >= P[n].length) {
      throw new InvalidArgumentError(`labels[${n}]`, `an integer class in [0, ${P[n].length})`, String(label));
    }
    probabilities(`P[${n}]`, P[n]);
    return -Math.log(P[n][label]);
  }), reduction);
}

// ─── Optimisers of §4.3 ───────────────────────────────────────────────────────

/** One (stochastic) gradient descent step θ ← θ − α ∇J(θ), as `tf.train.sgd` computes it. */
export function sgdStep(theta: readonly number[], grad: readonly number[], learningRate: number): number[] {
  finiteArray("theta", theta);
  finiteArray("grad", grad);
  sameLength("theta", theta, "grad", grad);
  return theta.map((v, i) => v - learningRate * grad[i]);
}

/**
 * Which Adam update to apply.
 * - `"article"`: the article's §4.3 formula, no bias correction: θ ← θ − α m_t / (√v_t + ε).
 * - `"algorithm1"`: Kingma & Ba (2015) Algorithm 1, m̂ = m/(1−β1^t), v̂ = v/(1−β2^t),
 *   θ ← θ − α m̂ / (√v̂ + ε) — exactly what tfjs-core 4.22 `tf.train.adam` computes.
 * - `"epsilonHat"`: the paper's §2 reformulation α_t = α √(1−β2^t)/(1−β1^t),
 *   θ ← θ − α_t m_t / (√v_t + ε̂) — what Keras / TensorFlow's Python Adam computes.
 */
export type AdamVariant = "article" | "algorithm1" | "epsilonHat";

/** Adam hyper-parameters; defaults are tfjs's and Keras's (α = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-7). */
export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  variant?: AdamVariant;
}

/** Adam's running moments and step count (t = steps taken so far). */
export interface AdamState {
  m: number[];
  v: number[];
  t: number;
}

/** A fresh Adam state for `size` parameters: m = v = 0, t = 0. */
export const adamInit = (size: number): AdamState => ({ m: new Array<number>(size).fill(0), v: new Array<number>(size).fill(0), t: 0 });

/** One Adam step m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², then the `variant`'s parameter update (see {@link AdamVariant}). */
export function adamStep(
  theta: readonly number[],
  grad: readonly number[],
  state: AdamState,
  options: AdamOptions = {},
): { theta: number[]; state: AdamState } {
  const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, variant = "algorithm1" } = options;
  finiteArray("theta", theta);
  finiteArray("grad", grad);
  sameLength("theta", theta, "grad", grad);
  sameLength("theta", theta, "state.m", state.m);
  sameLength("theta", theta, "state.v", state.v);
  const t = state.t + 1;
  const m = state.m.map((mi, i) => beta1 * mi + (1 - beta1) * grad[i]);
  const v = state.v.map((vi, i) => beta2 * vi + (1 - beta2) * grad[i] ** 2);
  const c1 = 1 - beta1 ** t;
  const c2 = 1 - beta2 ** t;
  let next: number[];
  switch (variant) {
    case "article":
      next = theta.map((p, i) => p - (learningRate * m[i]) / (Math.sqrt(v[i]) + epsilon));
      break;
    case "algorithm1":
      next = theta.map((p, i) => p - (learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon));
      break;
    case "epsilonHat": {
      const alphaT = (learningRate * Math.sqrt(c2)) / c1;
      next = theta.map((p, i) => p - (alphaT * m[i]) / (Math.sqrt(v[i]) + epsilon));
      break;
    }
    default:
      throw new InvalidArgumentError("variant", `"article", "algorithm1" or "epsilonHat"`, JSON.stringify(variant));
  }
  return { theta: next, state: { m, v, t } };
}
