/** 中文 for the hints and verdicts of notebook 03's exercise checkers (src/book/exercises/03-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_03: Catalogue = {
  "minInkPixels {0} flags {1} images, more than you would look at one by one: lower it": "minInkPixels {0} 标记出 {1} 张图像，多得没法逐张查看：请把它调低",
  "minInkPixels {0} flags {1} training images (digits: {2}): thin strokes, not bad images": "minInkPixels {0} 标记出 {1} 张训练图像（数字：{2}）：它们只是笔画细，并不是坏图像",
  "no training image has fewer than {0} ink pixels: raise minInkPixels": "没有哪张训练图像的笔迹像素少于 {0} 个：请调高 minInkPixels",
  "pass { before: ten, after: wider }: the digits and their filtered copy": "请传入 { before: ten, after: wider }：原来的数字和滤波后的副本",
  "pass { report: inkReport, labels: mnist.train.labels }": "请传入 { report: inkReport, labels: mnist.train.labels }",
  "pass { stats: statsForTest, training: trainX, test: testX }": "请传入 { stats: statsForTest, training: trainX, test: testX }",
  "statsForTest should be fitStandardization(trainX), the training images' mean and standard deviation": "statsForTest 应当是 fitStandardization(trainX)，即训练图像的均值和标准差",
  "that is still the article's 3×3 window: set windowSize to 5": "这仍然是原文的 3×3 窗口：请把 windowSize 设为 5",
  "the 5×5 window keeps {0}% of the ink (3×3: {1}%): a stroke must be 3 pixels wide to survive it": "5×5 窗口保留了 {0}% 的笔迹（3×3：{1}%）：笔画至少要有 3 个像素宽才能保留下来",
  "the test images standardised with the training set's mean {0} and standard deviation {1}": "测试图像用训练集的均值 {0} 和标准差 {1} 做了标准化",
  "these statistics were fitted on the test images: fit them on the training images (trainX)": "这些统计量是在测试图像上求出的：请在训练图像（trainX）上求",
  "validate all the training images (mnist.train) and pass their labels": "请检查全部训练图像（mnist.train），并传入它们的标签",
  "wider should be medianFilter(ten, 5), the ten digits through a 5×5 window": "wider 应当是 medianFilter(ten, 5)，即这十个数字经过 5×5 窗口滤波的结果",
};
