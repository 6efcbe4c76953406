/** 中文 for the hints and verdicts of notebook 02's exercise checkers (src/book/exercises/02-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_02: Catalogue = {
  "pass { answer: testZeroShare, images: testImages }": "请传入 { answer: testZeroShare, images: testImages }",
  "that is a percentage: give the share as a number between 0 and 1": "这是百分数：请给出 0 到 1 之间的比例",
  "count the pixels equal to 0 in images.data, then divide by the number of pixels": "数出 images.data 中等于 0 的像素，再除以像素总数",
  "{0} is not it: divide the count of zeros by images.data.length, {1} pixels": "{0} 不对：用零值像素的个数除以 images.data.length，即 {1} 个像素",
  "{0}% of the {1} test pixels are 0": "{1} 个测试像素中有 {0}% 为 0",
  "pass { answer: rarest, labels: testLabels }": "请传入 { answer: rarest, labels: testLabels }",
  "{0} has {1} test images; one digit has fewer": "数字 {0} 有 {1} 张测试图像；有一个数字更少",
  "{0} is right; now give its count too (count: …)": "数字 {0} 是对的；再给出它的张数（count: …）",
  "{0} is the rarest test digit, {1} images ({2}%)": "{0} 是测试集中最少见的数字，共 {1} 张图像（{2}%）",
  "pass { answer: labelCount, file: mnist.source.files.trainLabels }": "请传入 { answer: labelCount, file: mnist.source.files.trainLabels }",
  "2049 is 0x00000801, the magic number: the count starts at byte 4": "2049 就是 0x00000801，即魔数：标签个数从第 4 字节开始",
  "read the 4 bytes that follow the magic number (bytes 4–7) with getUint32": "用 getUint32 读出紧跟在魔数后面的 4 个字节（第 4–7 字节）",
  "{0} is not the count: read 4 bytes, big-endian, at byte 4 (DataView's default order)": "{0} 不是标签个数：从第 4 字节起按大端序读 4 个字节（DataView 的默认字节序）",
  "{0} labels, read from bytes 4–7 of the header": "{0} 个标签，读自文件头的第 4–7 字节",
};
