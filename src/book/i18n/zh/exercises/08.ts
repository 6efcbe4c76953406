/** 中文 for the hints and verdicts of notebook 08's exercise checkers (src/book/exercises/08-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_08: Catalogue = {
  "dropout 0.5: training accuracy {0}%, validation accuracy {1}% after {2} epochs": "dropout 0.5：训练 {2} 轮后，训练准确率 {0}%，验证准确率 {1}%",
  "learning rate 0.003: mean loss of the last 5 steps {0}, test accuracy {1}%": "学习率 0.003：最后 5 步的平均损失 {0}，测试准确率 {1}%",
  "pass { earlyStopping: impatient, history: stopHistory, epochs: overfitEpochs }": "请传入 { earlyStopping: impatient, history: stopHistory, epochs: overfitEpochs }",
  "pass { model: dropoutModel, history: dropoutHistory }": "请传入 { model: dropoutModel, history: dropoutHistory }",
  "pass { model: lrModel, losses: lrLosses, accuracy: lrResult.accuracy }": "请传入 { model: lrModel, losses: lrLosses, accuracy: lrResult.accuracy }",
  "patience 1: early stopping did not stop before the last of {0} epochs": "耐心值 1：提前停止直到最后一轮（共 {0} 轮）都没有停下",
  "patience 1: stopped after epoch {0} of {1} and kept the weights of epoch {2}": "耐心值 1：在第 {0} 轮后停止（共 {1} 轮），保留第 {2} 轮的权重",
  "the dropout rate is {0}: make it 0.5": "dropout 比率是 {0}：请改成 0.5",
  "the learning rate is {0}: pass { learningRate: 0.003 } to compileCnn": "学习率是 {0}：请给 compileCnn 传入 { learningRate: 0.003 }",
  "the model has no dropout layer: build it with buildCnn({ seed: seed, dropout: 0.5 })": "模型没有 dropout 层：请用 buildCnn({ seed: seed, dropout: 0.5 }) 搭建",
  "the patience is {0}: make it 1": "耐心值是 {0}：请改成 1",
  "train it for one epoch (the train call in the cell)": "请训练 1 轮（单元格里的 train 调用）",
  "train it with early stopping (the train call in the cell)": "请带着提前停止训练（单元格里的 train 调用）",
  "train it with the validation set (the train call in the cell)": "请带着验证集训练（单元格里的 train 调用）",
};
