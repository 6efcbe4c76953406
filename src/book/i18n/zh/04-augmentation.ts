/** 中文 for notebook 04-augmentation: English template → translation. */
import type { Catalogue } from "../catalogue";

export const ZH_04: Catalogue = {
  "original": "原图",
  "zoom {0}": "缩放 {0}",
  "shear {0}°": "剪切 {0}°",
  "**`shear_range=0.1` means 0.1 degrees in Keras** (the angle goes through `np.deg2rad`). Across a 28-pixel image that moves a pixel by at most ":
    "**在 Keras 中，`shear_range=0.1` 表示 0.1 度**（角度要经过 `np.deg2rad` 换算）。在 28 像素宽的图像上，它最多把一个像素移动 ",
  "14 × tan(0.1°) ≈ **{0} px**; the largest change of any pixel of the digit 3 above is {1} of 255. ":
    "14 × tan(0.1°) ≈ **{0} 像素**；上面数字 3 的所有像素中，变化最大的也只有 {1}（满值 255）。",
  "The article's shear does practically nothing; a visible shear needs something like `shear_range=10`–`20`.":
    "原文设置的剪切几乎不起作用；要看到明显的剪切，需要 `shear_range=10`–`20` 这样的值。",
  "in: {0}×{1}×{2}, out: {3}×{4}×{5}": "输入：{0}×{1}×{2}，输出：{3}×{4}×{5}",
  "generator": "生成器",
  "{0} only": "仅 {0}",
  "mean |Δ row| (px)": "平均 |Δ 行|（像素）",
  "mean |Δ column| (px)": "平均 |Δ 列|（像素）",
  "What each shift range moves (Keras's behaviour, reproduced)": "每个平移范围实际移动的方向（复现 Keras 的行为）",
  "degrees": "度",
  "pixels (from height_shift_range; moves columns)": "像素（取自 height_shift_range；沿列方向移动）",
  "pixels (from width_shift_range; moves rows)": "像素（取自 width_shift_range；沿行方向移动）",
  "factor": "倍数",
  "Sampled transform parameters (10 000 draws)": "采样得到的变换参数（抽样 10 000 次）",
  "parameter": "参数",
  "min": "最小值",
  "max": "最大值",
  "unit": "单位",
  "Observed ranges": "观测到的取值范围",
  "flow: {0} batches, {1} images augmented in {2} ms": "flow：{0} 个批次，{1} 张图像完成增强，用时 {2} 毫秒",
  "dataset batch: xs {0} {1}, ys {2} {3}": "dataset 的批次：xs {0} {1}，ys {2} {3}",
  "Two augmented passes over the same {0} test images differ in **{1} %** of all pixels ":
    "对同样 {0} 张测试图像做两遍增强，结果中有 **{1}%** 的像素不同",
  "(by more than half a grey level) — the \"test set\" changes every time it is read.":
    "（差值超过半个灰度级）——“测试集”每读取一次就变一次。",
  "augmented {0} images in {1} ms": "增强 {0} 张图像，用时 {1} 毫秒",
  "augmentation throughput with the article's settings": "按原文设置进行数据增强的吞吐量",
  "rotation θ ∈ [−{0}°, {1}°]": "旋转角 θ ∈ [−{0}°, {1}°]",
  "shifts ∈ [−{0}, {1}] px": "平移量 ∈ [−{0}, {1}] 像素",
  "zoom zx, zy ∈ [0.9, 1.1], drawn independently": "缩放系数 zx、zy ∈ [0.9, 1.1]，且相互独立地抽取",
  "shear ∈ [−0.1°, 0.1°]": "剪切角 ∈ [−0.1°, 0.1°]",
  "shear_range=0.1 (degrees) moves no pixel by more than 0.03 px — measured through the generator":
    "shear_range=0.1（单位为度）使任何像素的位移都不超过 0.03 像素——通过生成器实测",
  "largest displacement {0} px over 50 draws": "50 次抽样中的最大位移为 {0} 像素",
  "Keras's quirk: width_shift_range alone moves the digit up and down, not sideways":
    "Keras 的反直觉之处：单独使用 width_shift_range 时，数字上下移动，而不是左右移动",
  "mean |Δ row| {0}, |Δ column| {1} px": "平均 |Δ 行| {0}，|Δ 列| {1} 像素",
  "…and height_shift_range alone moves it sideways": "……而单独使用 height_shift_range 时，数字左右移动",
  "mean |Δ column| {0}, |Δ row| {1} px": "平均 |Δ 列| {0}，|Δ 行| {1} 像素",
  "no flips with horizontal_flip=False": "horizontal_flip=False 时没有任何翻转",
  "same seed → same augmented images; another seed → different ones": "相同的随机种子 → 相同的增强图像；换一个种子 → 不同的图像",
  "{0} pixels compared": "比较了 {0} 个像素",
  "flow visits every training image once per epoch": "flow 每轮（epoch）恰好遍历每张训练图像一次",
  "dataset batches are [32, 28, 28, 1] images with [32, 1] sparse labels": "dataset 的每个批次是 [32, 28, 28, 1] 的图像和 [32, 1] 的稀疏标签",
  "no tensors leak from the dataset": "dataset() 用完后没有遗留未释放的张量",
  "augmenting the test set changes it between passes (so it must not be done)": "增强测试集会让它每遍都不一样（所以不能这样做）",
  "{0} pixels differ": "{0} 个像素不同",
  "§3.4 random zoom keeps the image size (the article: 缩放到不同的大小)": "§3.4 随机缩放不改变图像尺寸（原文：缩放到不同的大小）",
};
