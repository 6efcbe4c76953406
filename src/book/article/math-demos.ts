/** The worked examples of the article's §4 the exercise checkers replay: a tfjs optimizer's path, the 2-D valley. */
import * as tf from "@tensorflow/tfjs";

/** θ after each step when a tfjs optimizer applies `grads` one by one from `theta0`; disposes the optimizer. */
export function optimizerPath(optimizer: tf.Optimizer, theta0: readonly number[], grads: ReadonlyArray<readonly number[]>): number[][] {
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(theta0 as number[])));
  const path = grads.map((g) => {
    tf.tidy(() => optimizer.applyGradients({ [theta.name]: tf.tensor1d(g as number[]) }));
    return Array.from(theta.dataSync());
  });
  theta.dispose();
  optimizer.dispose();
  return path;
}

/** The long, narrow valley f(x, y) = ½(x² + 25y²) of notebook 05. */
export const valley = (x: number, y: number): number => 0.5 * (x * x + 25 * y * y);
