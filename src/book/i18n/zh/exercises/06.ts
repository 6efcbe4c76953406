/** 中文 for the hints and verdicts of notebook 06's exercise checkers (src/book/exercises/06-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_06: Catalogue = {
  "Adam at 0.003, {0} steps trained": "Adam，学习率 0.003，已训练 {0} 步",
  "a mistake has a true digit and a different prediction: look off the diagonal": "误判的真实数字与预测数字不同：请看对角线以外的格子",
  "compile it with the new rate, then train it (the train call in the cell)": "用新的学习率编译之后还要训练（单元格里的 train 调用）",
  "digits run from 0 to 9": "数字的取值是 0 到 9",
  "keep the convolutional layers; only make them smaller": "保留卷积层，只把它们变小",
  "keep the last layer at 10 units, one per digit (it has {0})": "最后一层要保持 10 个单元，每个数字一个（现在是 {0} 个）",
  "pass the compiled model (fastCnn) to the checker": "请把编译好的模型（fastCnn）交给检查函数",
  "pass the model you built (smallCnn) to the checker": "请把你搭建的模型（smallCnn）交给检查函数",
  "pass { answer: mostConfused, confusion: evaluation.confusion }": "请传入 { answer: mostConfused, confusion: evaluation.confusion }",
  "the network still has {0} parameters: make the conv layers' filters and the hidden dense layer's units smaller": "网络仍有 {0} 个参数：请减小卷积层的 filters 和隐藏全连接层的 units",
  "the optimizer's learning rate is {0}: create it with tf.train.adam(0.003)": "优化器的学习率是 {0}：请用 tf.train.adam(0.003) 创建优化器",
  "{0} parameters, {1}% of the article's {2}": "{0} 个参数，是原文网络 {2} 个参数的 {1}%",
  "{0} taken for {1}, {2} times": "把 {0} 认成 {1}，共 {2} 次",
  "{0}→{1} happened {2} times; one pair happened {3} times": "{0}→{1} 出现了 {2} 次；有一对出现了 {3} 次",
};
