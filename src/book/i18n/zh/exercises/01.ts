/** 中文 for the hints and verdicts of notebook 01's exercise checkers (src/book/exercises/01-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_01: Catalogue = {
  "pass the model you built ({0}) to the checker": "请把你搭建的模型（{0}）交给检查函数",
  "keep the last layer at 10 units, one per digit": "最后一层要保持 10 个单元，每个数字一个",
  "compile and train the model (the fit call in the cell), then check it": "先编译并训练模型（单元格里的 fit 调用），再检查",
  "keep exactly one hidden layer and change only its units (it has {0})": "只保留一个隐藏层，只改它的 units（现在有 {0} 个隐藏层）",
  "the hidden layer still has {0} units: make it smaller, e.g. units: 32": "隐藏层仍有 {0} 个单元：把它改小，例如 units: 32",
  "{0} hidden units: {1} parameters, {2}% of the first model's {3}": "{0} 个隐藏单元：{1} 个参数，是第一个模型 {3} 个参数的 {2}%",
  "add a second hidden layer: another tf.layers.dense with a relu activation, before the last one": "再加一个隐藏层：在最后一层之前再放一个使用 relu 激活函数的 tf.layers.dense",
  "{0} hidden layers, {1} parameters": "{0} 个隐藏层，共 {1} 个参数",
  "pass what model.fit returns (fewHistory) to the checker": "请把 model.fit 的返回值（fewHistory）交给检查函数",
  "the model trained for {0} epoch(s): set epochs to 10": "模型只训练了 {0} 轮：把 epochs 改成 10",
  "{0} epochs: training accuracy {1}% after the first, {2}% after the last": "{0} 轮：训练准确率第 1 轮后为 {1}%，最后一轮后为 {2}%",
};
