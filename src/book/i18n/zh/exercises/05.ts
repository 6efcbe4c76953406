/** 中文 for the hints and verdicts of notebook 05's exercise checkers (src/book/exercises/05-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_05: Catalogue = {
  "pass the loss you computed (exampleLoss), a finite number": "请把算出的损失（exampleLoss，一个有限的数）交给检查函数",
  "binary cross-entropy {0}, as tf.metrics.binaryCrossentropy computes": "二元交叉熵 {0}，与 tf.metrics.binaryCrossentropy 算出的相同",
  "{0} is negative, and a loss of probabilities never is: each −ln p ≥ 0 when p ≤ 1. Compute the terms with Math.log instead of the article's numbers": "{0} 是负数，而概率的损失永远不会是负数：p ≤ 1 时每个 −ln p ≥ 0。请用 Math.log 计算各项，不要用原文印出的数字",
  "{0} is the article's −Σ y ln ŷ: the two samples labelled 0 are missing. Add (1 − y) ln(1 − ŷ) to each term": "{0} 是原文的 −Σ y ln ŷ：漏掉了两个标签为 0 的样本。请给每一项加上 (1 − y) ln(1 − ŷ)",
  "{0} is the sum over the 4 samples; Keras and tfjs take the mean: divide by the number of samples": "{0} 是 4 个样本的总和；Keras 和 tfjs 取的是平均：请除以样本数",
  "that is the base-10 logarithm: use Math.log, the natural logarithm, as Keras and tfjs do": "这是以 10 为底的对数：请像 Keras 和 tfjs 那样用自然对数 Math.log",
  "expected −(1/n) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)] over the 4 samples, {0}; got {1}": "应为 4 个样本上的 −(1/n) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)]，即 {0}；实际为 {1}",
  "pass the function itself: checkExercise(\"05.2\", adamCorrected)": "请把函数本身交给检查函数：checkExercise(\"05.2\", adamCorrected)",
  "the function must return the new parameters, one finite number per parameter": "函数必须返回更新后的参数，每个参数一个有限的数",
  "the first step is still 3.16 times tf.train.adam's: divide s.m by 1 − β₁ᵗ and s.v by 1 − β₂ᵗ (t is s.t) and step with those": "第一步仍是 tf.train.adam 的 3.16 倍：请把 s.m 除以 1 − β₁ᵗ、s.v 除以 1 − β₂ᵗ（t 就是 s.t），再用它们走这一步",
  "step {0} differs from tf.train.adam's by {1}: m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), θ − α·m̂ / (√v̂ + ε)": "第 {0} 步与 tf.train.adam 相差 {1}：m̂ = m / (1 − β₁ᵗ)，v̂ = v / (1 − β₂ᵗ)，θ − α·m̂ / (√v̂ + ε)",
  "{0} steps equal tf.train.adam's (largest difference {1}); the first step is α": "{0} 步都与 tf.train.adam 相同（最大差异 {1}）；第一步正好是 α",
  "pass the path that descend() returned (tuned)": "请把 descend() 返回的路径（tuned）交给检查函数",
  "keep descend's 120 steps (the path has {0})": "请保持 descend 的 120 步（这条路径有 {0} 步）",
  "it diverged: with α above 2/25 = 0.08 each step multiplies y by 1 − 25α, which is less than −1": "发散了：α 大于 2/25 = 0.08 时，每一步都把 y 乘以 1 − 25α，而它小于 −1",
  "f = {0} after 120 steps": "120 步后 f = {0}",
  "f = {0}, most of it along x (x = {1}): each step multiplies x only by 1 − α, so raise α (below 0.08)": "f = {0}，大部分来自 x 方向（x = {1}）：每一步只把 x 乘以 1 − α，请增大 α（保持小于 0.08）",
  "f = {0}, most of it across the valley (y = {1}): at α close to 0.08, 1 − 25α is close to −1 and y zig-zags; lower α a little": "f = {0}，大部分来自横穿山谷的 y 方向（y = {1}）：α 接近 0.08 时，1 − 25α 接近 −1，y 来回振荡；请把 α 稍微调小",
};
