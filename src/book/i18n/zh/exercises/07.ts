/** 中文 for the hints and verdicts of notebook 07's exercise checkers (src/book/exercises/07-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_07: Catalogue = {
  "100 labels per digit, conv1–conv3 frozen: {0}% on the test digits 5–9": "每个数字 100 个标签，冻结 conv1–conv3：在数字 5–9 的测试图像上达到 {0}%",
  "Adam at 0.01 for {0} steps: test accuracy {1}% → {2}%": "Adam，学习率 0.01，训练 {0} 步：测试准确率 {1}% → {2}%",
  "compile it with the new rate, then train it (the train call in the cell)": "用新的学习率编译之后还要训练（单元格里的 train 调用）",
  "compile the model, then train it (the train call in the cell)": "先编译模型，再训练它（单元格里的 train 调用）",
  "conv1 and conv2 frozen, conv3 trained: {0}% on the test digits 5–9": "冻结 conv1 和 conv2，训练 conv3：在数字 5–9 的测试图像上达到 {0}%",
  "conv3 is still frozen: take it out of the list frozen2": "conv3 仍被冻结：请把它从列表 frozen2 中去掉",
  "keep conv1 and conv2 frozen; only conv3 joins the training (frozen now: {0})": "conv1 和 conv2 保持冻结，只让 conv3 参加训练（现在冻结的是：{0}）",
  "keep conv1, conv2 and conv3 frozen, as in part (b) (frozen now: {0})": "像 (b) 部分那样保持 conv1、conv2 和 conv3 冻结（现在冻结的是：{0}）",
  "pass the compiled model (hot) to the checker": "请把编译好的模型（hot）交给检查函数",
  "pass the model you built ({0}) to the checker": "请把你搭建的模型（{0}）交给检查函数",
  "pass { model: hot, before: before.accuracy, after: hotAccuracy }": "请传入 { model: hot, before: before.accuracy, after: hotAccuracy }",
  "pass { model: transfer1, labelled: labelled1, accuracy: accuracy1 }": "请传入 { model: transfer1, labelled: labelled1, accuracy: accuracy1 }",
  "pass { model: transfer2, accuracy: accuracy2 }": "请传入 { model: transfer2, accuracy: accuracy2 }",
  "the model learnt from {0} labelled images: set perDigit to 100, for 100 images of each digit 5–9": "模型只从 {0} 张带标签的图像中学习：请把 perDigit 设为 100，让数字 5–9 各有 100 张图像",
  "the new output layer needs 5 units, one per digit 5–9 (it has {0})": "新的输出层需要 5 个单元，数字 5–9 各一个（现在是 {0} 个）",
  "the optimizer's learning rate is {0}: create it with tf.train.adam(0.01)": "优化器的学习率是 {0}：请用 tf.train.adam(0.01) 创建优化器",
};
