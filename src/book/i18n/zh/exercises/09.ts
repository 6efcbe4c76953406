/** 中文 for the hints and verdicts of notebook 09's exercise checkers (src/book/exercises/09-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_09: Catalogue = {
  "pass { levels, accuracy, changed, reference, n } as the cell below the exercise does": "请像练习下方的单元格那样传入 { levels, accuracy, changed, reference, n }",
  "levels must be a whole number of at least 2 (it is {0})": "levels 必须是不小于 2 的整数（现在是 {0}）",
  "{0} levels change {1} of {2} predictions: set levels to 16 (4 bits a weight) and run the cell again": "{0} 级改变了 {2} 个预测中的 {1} 个：把 levels 设为 16（每个权重 4 位），再运行一次这个单元格",
  "{0} bits a weight": "每个权重 {0} 位",
  "{0} levels ({1}): accuracy {2} (float32 {3}), {4} of {5} predictions changed": "{0} 级（{1}）：准确率 {2}（float32 为 {3}），{5} 个预测中改变了 {4} 个",
  "pass { shift, centred, unmoved } as the cell below the exercise does": "请像练习下方的单元格那样传入 { shift, centred, unmoved }",
  "moved {0} pixels, centring still gives {1} (unmoved {2}): move the digits further, until ink leaves the 28×28 image (try 8)": "平移 {0} 个像素，居中后准确率仍有 {1}（未平移时为 {2}）：把数字移得更远，直到笔迹移出 28×28 的图像（试试 8）",
  "moved {0} pixels, centred digits are read {1} of the time (unmoved {2}): the ink pushed past the edge is gone, and centring cannot bring it back": "平移 {0} 个像素后再居中，准确率只有 {1}（未平移时为 {2}）：被推出边缘的笔迹已经丢失，居中也找不回来",
  "pass { batchSize, msPerBatch, msOneImage } as the cell below the exercise does": "请像练习下方的单元格那样传入 { batchSize, msPerBatch, msOneImage }",
  "the batch has {0} image(s): set batchSize to 32": "这一批只有 {0} 张图像：把 batchSize 设为 32",
  "per image {0} times as fast as one at a time ({1} ms)": "按每张图像算，速度是逐张预测（{1} 毫秒）的 {0} 倍",
  "no faster per image than one at a time ({0} ms) on this run: is the machine busy?": "这次运行中每张图像并不比逐张预测（{0} 毫秒）快：机器是不是很忙？",
  "32 images in {0} ms, {1} ms an image: {2}": "32 张图像用时 {0} 毫秒，每张 {1} 毫秒：{2}",
};
