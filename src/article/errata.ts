/**
 * The errata of the article «从零开始大模型开发与微调：MNIST数据集的准备»: every checkable claim
 * with its verdict, the evidence (a computation in a notebook and/or a primary source) and the fix.
 * `docs/errata.md` is generated from this list (`npx tsx scripts/errata-md.ts`) and notebook 05
 * renders it, so the two cannot drift apart.
 */

/** How a claim fared. */
export type Verdict = "wrong" | "misleading" | "outdated" | "correct" | "unverifiable";

/** A primary source backing a verdict. */
export interface Source {
  title: string;
  url: string;
}

/** One checked claim of the article. */
export interface Erratum {
  /** Stable id, also the suffix of nothing but this row. */
  id: string;
  /** Article section(s), e.g. "§4.1". */
  section: string;
  /** The article's words (Chinese, verbatim or abridged with …). */
  quote: string;
  verdict: Verdict;
  /** What is actually true, with the numbers. */
  evidence: string;
  /** The corrected statement or code. */
  fix: string;
  /** Notebook and heading anchor that proves it by computation, if any. */
  proof?: { notebook: string; anchor: string };
  /** Primary sources (papers, official docs, library source, the MNIST page); `repo:` URLs are files of this repository. */
  sources: Source[];
}

const NB05 = "notebooks/05-math.ipynb";
const nb05 = (anchor: string) => ({ notebook: NB05, anchor });

const MNIST_PAGE: Source = { title: "LeCun, Cortes, Burges: The MNIST database (dataset description)", url: "http://yann.lecun.com/exdb/mnist/" };
const KERAS_LOAD_DATA: Source = { title: "tf.keras.datasets.mnist.load_data (TensorFlow API docs)", url: "https://www.tensorflow.org/api_docs/python/tf/keras/datasets/mnist/load_data" };
const IDG_DOCS: Source = { title: "tf.keras.preprocessing.image.ImageDataGenerator (TensorFlow API docs)", url: "https://www.tensorflow.org/api_docs/python/tf/keras/preprocessing/image/ImageDataGenerator" };
const ADAM_PAPER: Source = { title: "Kingma & Ba (2015), Adam: A Method for Stochastic Optimization, ICLR — Algorithm 1, §2, §3", url: "https://arxiv.org/abs/1412.6980" };
const TFJS_ADAM: Source = { title: "@tensorflow/tfjs-core 4.22.0 dist/optimizers/adam_optimizer.js (the code tf.train.adam runs)", url: "https://unpkg.com/@tensorflow/tfjs-core@4.22.0/dist/optimizers/adam_optimizer.js" };
const EVIDENCE_JSON: Source = { title: "scripts/article-code-evidence.py → docs/evidence/article-code.json (numpy 1.24, scipy 1.10 on the real MNIST test split)", url: "repo:docs/evidence/article-code.json" };

/** Every checked claim, in article order. */
export const ERRATA: Erratum[] = [
  {
    id: "large-model", section: "Title, abstract, §3.5",
    quote: "从零开始大模型开发与微调 … 实现从零开始的大模型开发与微调",
    verdict: "misleading",
    evidence: "The article's model (§5.2.4) has 93 322 parameters — a small CNN; “大模型” (large models) usually means hundreds of millions to billions of parameters. Nothing in the article is specific to large models.",
    fix: "称之为“小型卷积神经网络”；标题去掉“大模型”或说明只是入门示例。",
    proof: nb05("e-model"),
    sources: [],
  },
  {
    id: "structure-numbering", section: "§1.3",
    quote: "3. 核心概念与联系 … 5. 数学模型和公式 … ：介绍数据预处理工具和库的使用 … 11. 扩展阅读 & 参考资料",
    verdict: "wrong",
    evidence: "By inspection of the article's headings: the outline is off by one: the article's headings are §1 背景介绍 … §10 扩展阅读 (no 引言 section), and §4 (math) does not introduce preprocessing tools and libraries.",
    fix: "Number the outline 1–10 as the headings are, and describe §4 as “neural-network model, loss functions and optimisers”.",
    sources: [],
  },
  {
    id: "finetune-definition", section: "§1.4.2",
    quote: "模型微调：在已有模型的基础上，针对特定任务进行参数调整",
    verdict: "correct",
    evidence: "That is what fine-tuning means: start from trained weights and adapt them. It is also exactly what the code of §5.2.7 does not do (see the “fine-tuning” row below).",
    fix: "—",
    sources: [],
  },
  {
    id: "mnist-name", section: "§1.4.3, §2.1",
    quote: "MNIST 数据集是由 Modified National Institute of Standards and Technology（MNIST）开发的",
    verdict: "wrong",
    evidence: "There is no such institute. MNIST is the “Modified NIST” database, built by Yann LeCun, Corinna Cortes and Christopher Burges (1998) by re-mixing NIST's Special Databases 1 and 3; NIST is the US institute that published SD-1/SD-3.",
    fix: "MNIST（Modified NIST）是 LeCun、Cortes、Burges 从 NIST 的 SD-1 和 SD-3 重新组合、归一化得到的手写数字数据集。",
    proof: nb05("e-mnist"),
    sources: [MNIST_PAGE, KERAS_LOAD_DATA],
  },
  {
    id: "mnist-counts", section: "§2.1, §3.1",
    quote: "包含 70,000 个训练图像和 10,000 个测试图像",
    verdict: "wrong",
    evidence: "MNIST has 60 000 training and 10 000 test images, 70 000 in total (counted in notebook 05 from the original IDX files).",
    fix: "包含 60,000 个训练图像和 10,000 个测试图像（共 70,000 个）。",
    proof: nb05("e-mnist"),
    sources: [MNIST_PAGE, KERAS_LOAD_DATA],
  },
  {
    id: "mnist-format", section: "§2.1, §3.1",
    quote: "每个图像都是 28x28 像素的灰度图像 … 每个像素的取值范围为 0 到 255 … 标签信息以数字形式存储",
    verdict: "correct",
    evidence: "28×28 uint8 grey levels 0–255, labels 0–9, stored in the IDX binary format (magic number, big-endian dimensions, raw bytes).",
    fix: "—（可补充：文件格式为 IDX）",
    proof: nb05("e-mnist"),
    sources: [MNIST_PAGE],
  },
  {
    id: "neurons-all-connected", section: "§2.4",
    quote: "在神经网络中，每个神经元都与其他神经元相连",
    verdict: "misleading",
    evidence: "In a layered network a neuron connects only to neurons of adjacent layers (none within its layer), and a convolutional neuron — like those of the article's own CNN — only to a 3×3 window of the previous layer.",
    fix: "每个神经元与相邻层的（部分）神经元相连，连接强度由权重表示。",
    proof: nb05("e-model"),
    sources: [],
  },
  {
    id: "load-data-downloads", section: "§3.2",
    quote: "MNIST 数据集已经预先下载并存储在许多深度学习框架和库中 … # 下载 MNIST 数据集",
    verdict: "misleading",
    evidence: "Frameworks ship a loader, not the data: `mnist.load_data()` downloads `mnist.npz` on first use and caches it under `~/.keras/datasets`; later calls read the cache.",
    fix: "框架提供下载与缓存 MNIST 的函数；首次调用 `load_data()` 时下载，之后从 `~/.keras/datasets` 读取缓存。",
    sources: [KERAS_LOAD_DATA],
  },
  {
    id: "outlier-np-where", section: "§3.3, §3.5",
    quote: "valid_indices = np.where((train_images >= 0) & (train_images <= 255)); train_images = train_images[valid_indices]; train_labels = train_labels[valid_indices]",
    verdict: "wrong",
    evidence: "On uint8 images the mask is always true, so nothing can be removed; `np.where` on a 3-D mask returns 3 index arrays, so `images[valid_indices]` becomes one flat list of 7 840 000 pixels (test split), and `labels[valid_indices]` raises `IndexError: too many indices for array`. The code crashes.",
    fix: "删除这一步（uint8 不可能越界）；若要按图像筛选：`keep = mask.all(axis=(1, 2)); images, labels = images[keep], labels[keep]`。",
    proof: nb05("e-cleaning"),
    sources: [EVIDENCE_JSON],
  },
  {
    id: "median-filter", section: "§3.3, §3.5",
    quote: "图像去噪（使用中值滤波）train_images = np.array([median_filter(image, size=3) …]); test_images = …",
    verdict: "misleading",
    evidence: "MNIST digits are anti-aliased strokes, not noisy images. A 3×3 median filter changes 8.5% of all pixels and removes on average 6% of the ink (up to 60% for one test digit; 487 of 10 000 test digits lose over 20%) — it erodes thin strokes. It is also applied to the test set, and the §5 project then skips it altogether.",
    fix: "不要对 MNIST 做中值滤波；如确有噪声，只在训练数据上做并在未处理的测试集上验证其效果。",
    proof: nb05("e-cleaning"),
    sources: [EVIDENCE_JSON],
  },
  {
    id: "augment-crop", section: "§3.4",
    quote: "1. 随机裁剪 … 2. 随机旋转 … 3. 随机缩放",
    verdict: "misleading",
    evidence: "The code that follows performs no cropping: `ImageDataGenerator` here does rotation (±10°), shifts (±10%), zoom (0.9–1.1) and shear.",
    fix: "列出代码真正做的增强：随机旋转、平移、缩放、剪切。",
    sources: [IDG_DOCS],
  },
  {
    id: "shear-degrees", section: "§3.4, §5.2.3",
    quote: "shear_range=0.1",
    verdict: "misleading",
    evidence: "`shear_range` is an angle in degrees. 0.1° moves a pixel at the image border by 14·tan(0.1°) ≈ 0.024 px — no visible effect; 0.1 rad would be 5.7° (≈ 1.4 px).",
    fix: "`shear_range=5`（度）或干脆去掉；注明单位是度。",
    proof: nb05("e-augment"),
    sources: [IDG_DOCS, { title: "keras-team/keras PR #9798: shear_range is in degrees (deg2rad applied)", url: "https://github.com/keras-team/keras/pull/9798" }],
  },
  {
    id: "flow-rank3", section: "§3.4, §3.5",
    quote: "train_generator = datagen.flow(train_images, train_labels, batch_size=32)（图像形状为 (N, 28, 28)）",
    verdict: "wrong",
    evidence: "In §3.4/§3.5 the images still have shape (N, 28, 28); `NumpyArrayIterator` requires rank 4 and raises `ValueError: Input data in NumpyArrayIterator should have rank 4`. (§5.2 adds the channel axis with `np.expand_dims` first, so §5 is fine.)",
    fix: "先 `images = np.expand_dims(images, -1)` 得到 (N, 28, 28, 1)，再调用 `datagen.flow`。",
    sources: [{ title: "keras-preprocessing numpy_array_iterator.py: `if self.x.ndim != 4: raise ValueError(...)`", url: "https://github.com/keras-team/keras-preprocessing/blob/master/keras_preprocessing/image/numpy_array_iterator.py" }],
  },
  {
    id: "augment-test-set", section: "§3.4, §3.5",
    quote: "# 对测试数据进行增强 test_generator = datagen.flow(test_images, …); model.fit(…, validation_data=test_generator)",
    verdict: "wrong",
    evidence: "Evaluation data must stay untouched: random shifts/rotations of the test set make every evaluation a different random test. In notebook 05 a fixed classifier scores the same on the real test set every time, but a different, lower accuracy on each randomly shifted copy — noisy, not comparable between runs, and not a measure of performance on real digits.",
    fix: "只增强训练集；`validation_data=(val_images, val_labels)`（从训练集划出的验证集），测试集最后只评估一次。",
    proof: nb05("e-augment"),
    sources: [IDG_DOCS],
  },
  {
    id: "image-data-generator-deprecated", section: "§3.4, §5.2",
    quote: "from tensorflow.keras.preprocessing.image import ImageDataGenerator",
    verdict: "outdated",
    evidence: "`tf.keras.preprocessing` is deprecated (“not recommended for new code”) since TF 2.12 docs; Keras 3 recommends preprocessing layers (`RandomRotation`, `RandomTranslation`, `RandomZoom`) on a `tf.data` pipeline.",
    fix: "使用 `keras.layers.RandomRotation/RandomTranslation/RandomZoom` 等预处理层。",
    sources: [{ title: "tf.keras.preprocessing.image (TF 2.12 API docs, deprecation notice)", url: "https://www.tensorflow.org/versions/r2.12/api_docs/python/tf/keras/preprocessing/image" }],
  },
  {
    id: "hidden-larger", section: "§4.1",
    quote: "隐藏层的神经元数量通常大于输入层",
    verdict: "misleading",
    evidence: "There is no such rule; widths are chosen per task. The article's own model goes from 576 flattened features to a Dense layer of 64.",
    fix: "隐藏层的宽度是超参数，可以大于也可以小于输入维度。",
    proof: nb05("e-model"),
    sources: [],
  },
  {
    id: "output-classes", section: "§4.1",
    quote: "输出层的神经元数量通常等于分类类别数",
    verdict: "correct",
    evidence: "For multi-class softmax classification, yes: the article's model ends in Dense(10, softmax) for ten digits (binary classifiers often use one sigmoid unit).",
    fix: "—",
    proof: nb05("e-model"),
    sources: [],
  },
  {
    id: "example-output-layer", section: "§4.1",
    quote: "简单的单层神经网络模型，输入层有 2 个神经元，隐藏层有 3 个神经元，输出层有 1 个神经元",
    verdict: "wrong",
    evidence: "The example only computes the 3-neuron layer; no output-layer weights are given and the promised single output is never computed. A network with a hidden and an output layer is also not “single-layer”.",
    fix: "把例子描述为“一个 2→3 的全连接层”，或给出输出层权重并算出输出。",
    proof: nb05("e-4-1"),
    sources: [],
  },
  {
    id: "wx", section: "§4.1",
    quote: "W·x = [7, 11, 15]",
    verdict: "wrong",
    evidence: "[[1,2],[3,4],[5,6]]·[1,2] = [1+4, 3+8, 5+12] = [5, 11, 17] (formulas.ts and tf.matMul agree).",
    fix: "W·x = [5, 11, 17]",
    proof: nb05("e-4-1"),
    sources: [],
  },
  {
    id: "wx-plus-b", section: "§4.1",
    quote: "W·x + b = [8, 13, 18]",
    verdict: "wrong",
    evidence: "[5, 11, 17] + [1, 2, 3] = [6, 13, 20].",
    fix: "W·x + b = [6, 13, 20]",
    proof: nb05("e-4-1"),
    sources: [],
  },
  {
    id: "sigma-8", section: "§4.1",
    quote: "σ(8) ≈ 0.993",
    verdict: "wrong",
    evidence: "σ(8) = 1/(1+e^−8) = 0.999665 (0.993 is σ(5)). And the first neuron's input should be 6: σ(6) = 0.997527.",
    fix: "z₁ = σ(6) ≈ 0.9975",
    proof: nb05("e-4-1"),
    sources: [],
  },
  {
    id: "sigma-13", section: "§4.1",
    quote: "σ(13) ≈ 0.852",
    verdict: "wrong",
    evidence: "σ(13) = 0.9999977 (0.852 would be σ(1.75)). The sigmoid of any input above 5 is above 0.993.",
    fix: "z₂ = σ(13) ≈ 0.9999977",
    proof: nb05("e-4-1"),
    sources: [],
  },
  {
    id: "sigma-18", section: "§4.1",
    quote: "σ(18) ≈ 0.954",
    verdict: "wrong",
    evidence: "σ(18) = 0.99999998 (0.954 would be σ(3.03)); the correct third input is 20, σ(20) = 0.999999998. Note the article's outputs even decrease while the inputs increase — impossible for the monotonic sigmoid.",
    fix: "z₃ = σ(20) ≈ 0.999999998",
    proof: nb05("e-4-1"),
    sources: [],
  },
  {
    id: "ce-binary-formula", section: "§4.2",
    quote: "Cross-Entropy Loss = −Σ yᵢ log(ŷᵢ) … 实际标签为 y = [1, 0, 1, 0]，模型预测概率为 ŷ = [0.6, 0.4, 0.7, 0.3]",
    verdict: "misleading",
    evidence: "For four independent binary predictions the loss is the binary cross-entropy −[y ln p + (1−y) ln(1−p)] per sample; the article's categorical formula drops every y = 0 term, so the predictions 0.4 and 0.3 for the negatives do not count at all. BCE (mean, natural log) = 0.4338, as `tf.metrics.binaryCrossentropy` computes.",
    fix: "BCE = −(1/n) Σ [yᵢ ln ŷᵢ + (1−yᵢ) ln(1−ŷᵢ)] = 0.434",
    proof: nb05("e-4-2"),
    sources: [{ title: "@tensorflow/tfjs-layers 4.22.0 dist/losses.js binaryCrossentropy (mean over samples)", url: "https://unpkg.com/@tensorflow/tfjs-layers@4.22.0/dist/losses.js" }],
  },
  {
    id: "ce-log-values", section: "§4.2",
    quote: "−[1·log(0.6) + 0·log(0.4) + 1·log(0.7) + 0·log(0.3)] ≈ −[0.223 + 0 + 0.356 + 0]",
    verdict: "wrong",
    evidence: "ln 0.6 = −0.5108 and ln 0.7 = −0.3567. 0.223 is −ln 0.8 (or −log₁₀ 0.6 ≈ 0.222), and the two terms mix bases; with natural logs the bracket is −0.8675.",
    fix: "= −[(−0.511) + (−0.357)] = 0.868",
    proof: nb05("e-4-2"),
    sources: [],
  },
  {
    id: "ce-negative", section: "§4.2",
    quote: "≈ −0.579",
    verdict: "wrong",
    evidence: "A cross-entropy of probabilities is never negative (−ln p ≥ 0 for p ≤ 1). The article's own formula gives +0.8675 with natural logs (+0.3768 with log₁₀); Keras and tfjs use natural logs.",
    fix: "≈ 0.868（自然对数；按样本平均为 0.434）",
    proof: nb05("e-4-2"),
    sources: [],
  },
  {
    id: "ce-mean-vs-sum", section: "§4.2",
    quote: "Cross-Entropy Loss = −Σ_{i=1}^{n} yᵢ log(ŷᵢ)（对样本求和）",
    verdict: "misleading",
    evidence: "Keras and tfjs losses average over the batch (`sum_over_batch_size` / `SUM_BY_NONZERO_WEIGHTS`), so the loss does not grow with batch size: for the example, sum = 1.735 = 4 × mean 0.434. MSE is written with 1/n; cross-entropy should be too.",
    fix: "在公式前加 1/n（按样本平均）。",
    proof: nb05("e-4-2"),
    sources: [{ title: "@tensorflow/tfjs-core 4.22.0 dist/ops/losses/log_loss.js (default reduction SUM_BY_NONZERO_WEIGHTS = mean)", url: "https://unpkg.com/@tensorflow/tfjs-core@4.22.0/dist/ops/losses/log_loss.js" }, { title: "Keras API: losses — reduction defaults to \"sum_over_batch_size\" (the batch average)", url: "https://keras.io/api/losses/" }],
  },
  {
    id: "mse", section: "§4.2",
    quote: "MSE = (1/n) Σ (yᵢ − ŷᵢ)²",
    verdict: "correct",
    evidence: "formulas.ts `mse`, `tf.losses.meanSquaredError` and numpy agree.",
    fix: "—",
    proof: nb05("e-4-2"),
    sources: [],
  },
  {
    id: "sgd", section: "§4.3",
    quote: "θ_{t+1} = θ_t − α·∇J(θ_t)",
    verdict: "correct",
    evidence: "One step of `tf.train.sgd` equals formulas.ts `sgdStep` to float32 precision.",
    fix: "—",
    proof: nb05("e-4-3-sgd"),
    sources: [],
  },
  {
    id: "adam-bias-correction", section: "§4.3",
    quote: "θ_{t+1} = θ_t − α·m_t/(√v_t + ε)",
    verdict: "wrong",
    evidence: "Adam uses bias-corrected moments m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) (Algorithm 1); tfjs `tf.train.adam` computes exactly that (ε added to √v̂). Without the correction the first step is (1−β₁)/√(1−β₂) ≈ 3.16 times too large, and the error decays only over ~1/(1−β₂) = 1000 steps.",
    fix: "m̂_t = m_t/(1−β₁ᵗ), v̂_t = v_t/(1−β₂ᵗ), θ_{t+1} = θ_t − α·m̂_t/(√v̂_t + ε)",
    proof: nb05("e-4-3-adam"),
    sources: [ADAM_PAPER, TFJS_ADAM],
  },
  {
    id: "adam-epsilon", section: "§4.3",
    quote: "ε 为平滑常数（加在 √v_t 上）",
    verdict: "correct",
    evidence: "Where ε goes differs by library: tfjs adds ε to √v̂ (Algorithm 1); Keras/TF-Python adds “epsilon hat” to √v with a step size α√(1−β₂ᵗ)/(1−β₁ᵗ) (the paper's reformulation before §2.1). Both default to ε = 1e-7 (the paper suggests 1e-8). The two forms differ only while √v is near ε.",
    fix: "—（可注明 Keras 的 ε 是论文中的 ε̂）",
    proof: nb05("e-4-3-adam"),
    sources: [ADAM_PAPER, TFJS_ADAM, { title: "tf.keras.optimizers.Adam docstring: “This epsilon is ‘epsilon hat’ in the Kingma and Ba paper”", url: "https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/Adam" }],
  },
  {
    id: "adam-combines", section: "§4.3",
    quote: "Adam 是一种结合了 SGD 和动量法的优化算法 … β1 和 β2 分别为动量参数",
    verdict: "misleading",
    evidence: "Kingma & Ba: Adam combines the advantages of AdaGrad and RMSProp. In practice it is momentum (β₁: decay of the first-moment average) plus RMSProp-style per-parameter scaling (β₂: decay of the average of squared gradients); β₂ is not a momentum parameter.",
    fix: "Adam 结合了动量（一阶矩，β₁）与 RMSProp 式的逐参数自适应步长（二阶矩，β₂），并做偏差修正。",
    proof: nb05("e-4-3-adam"),
    sources: [ADAM_PAPER],
  },
  {
    id: "python-version", section: "§5.1",
    quote: "确保安装了 Python 3.6 或更高版本",
    verdict: "outdated",
    evidence: "Current TensorFlow wheels need a recent Python: TF 2.16/2.17 are built and tested for Python 3.9–3.12; Python 3.6 is unsupported.",
    fix: "安装 TensorFlow 支持的 Python 版本（如 TF 2.16+：3.9–3.12）。",
    sources: [{ title: "TensorFlow: tested build configurations", url: "https://www.tensorflow.org/install/source#tested_build_configurations" }],
  },
  {
    id: "expand-dims", section: "§5.2.2",
    quote: "将图像的维度从 (28, 28) 调整为 (28, 28, 1)",
    verdict: "correct",
    evidence: "Conv2D expects a channel axis; the tfjs replica of the model takes [N, 28, 28, 1].",
    fix: "—",
    proof: nb05("e-model"),
    sources: [],
  },
  {
    id: "layer-count", section: "§5.3",
    quote: "模型包括两个卷积层、一个池化层和一个全连接层",
    verdict: "wrong",
    evidence: "The code (§5.2.4) has 3 Conv2D, 2 MaxPooling2D, 1 Flatten and 2 Dense layers (shapes 26→13→11→5→3, 576 → 64 → 10; 93 322 parameters).",
    fix: "模型包括三个卷积层、两个最大池化层、一个展平层和两个全连接层。",
    proof: nb05("e-model"),
    sources: [],
  },
  {
    id: "sparse-ce", section: "§5.2.5",
    quote: "loss='sparse_categorical_crossentropy'",
    verdict: "correct",
    evidence: "Right for integer labels 0–9 with a softmax output: −ln p[label], averaged over the batch (formulas.ts `sparseCategoricalCrossEntropy` = one-hot categorical CE).",
    fix: "—",
    proof: nb05("e-4-2"),
    sources: [],
  },
  {
    id: "validate-on-test", section: "§5.2.6",
    quote: "validation_data=(test_images, test_labels)",
    verdict: "misleading",
    evidence: "Watching the test set during training (and choosing epochs or models by it) leaks it into model selection; the reported test accuracy is then optimistic.",
    fix: "从训练集划出验证集（如 `validation_split=0.1` 或前 54 000/后 6 000），测试集只在最后评估一次。",
    sources: [{ title: "Google Machine Learning Crash Course, Validation set: “the more often we evaluate on a given test set, the more we are at risk for implicitly overfitting to that one test set”", url: "https://developers.google.com/machine-learning/crash-course/validation/check-your-intuition" }],
  },
  {
    id: "fine-tuning", section: "§3.5, §5.2.7, §5.3",
    quote: "# 模型微调 fine_tuned_model = models.Sequential([...]) … fine_tuned_model.fit(...)",
    verdict: "wrong",
    evidence: "This is not fine-tuning: `fine_tuned_model` is a second, freshly initialised copy of the same architecture trained from scratch on the same data. No weights are carried over (its initial weights differ from the first model's), no layers are frozen and the learning rate is not lowered.",
    fix: "从已训练模型出发：`fine_tuned_model = keras.models.clone_model(model); fine_tuned_model.set_weights(model.get_weights())`，冻结卷积层，以较小学习率在新任务/新数据上训练。",
    proof: nb05("e-model"),
    sources: [],
  },
  {
    id: "app-signatures", section: "§6.1",
    quote: "无论是手机输入法的手写识别，还是信用卡签名识别，MNIST 数据集都是一个理想的训练和测试平台",
    verdict: "misleading",
    evidence: "MNIST holds isolated, centred digits 0–9; it is a benchmark for digit classification, not training data for handwriting input of full text or for signature verification.",
    fix: "MNIST 是手写数字分类的入门基准。",
    sources: [MNIST_PAGE],
  },
  {
    id: "app-unrelated", section: "§6.2–§6.6",
    quote: "机器翻译 … 情感分析（判断书写者的情绪状态）… 自主导航（交通标志、行人）… 医疗诊断（皮肤病变图像）… 工业检测",
    verdict: "wrong",
    evidence: "MNIST contains only 28×28 grey images of digits with a digit label. It has no text to translate, no emotion labels, no traffic signs, pedestrians, skin lesions or product defects, so it cannot train models for these tasks; at most, methods first tried on MNIST are later applied to such data.",
    fix: "删除这些“应用”，或改为“在 MNIST 上验证过的方法被迁移到其他数据集上”。",
    sources: [MNIST_PAGE],
  },
  {
    id: "chollet-book", section: "§7.1.1",
    quote: "《Python 深度学习》（François Chollet）：由 Keras 的主要开发者编写",
    verdict: "correct",
    evidence: "François Chollet is the author of Keras and of Deep Learning with Python (Manning).",
    fix: "—",
    sources: [{ title: "Ian Hopkinson, review of Deep Learning with Python (2019): Chollet “is the author of the Keras deep learning library”", url: "http://www.ianhopkinson.org.uk/2019/11/book-review-deep-learning-with-python-by-francois-chollet/" }],
  },
  {
    id: "courses", section: "§7.1.2, §10.5",
    quote: "Coursera 上的“深度学习”（由 Andrew Ng 开设）… Udacity 上的“深度学习工程师纳米学位”",
    verdict: "correct",
    evidence: "Both exist: the Deep Learning Specialization (DeepLearning.AI, taught by Andrew Ng, five courses on Coursera) and Udacity's Deep Learning Nanodegree. Exact titles differ slightly from the article's translations.",
    fix: "—（可给出准确名称：Deep Learning Specialization；Deep Learning Nanodegree）",
    sources: [{ title: "Review of the Deep Learning Specialization on Coursera (Towards Data Science)", url: "https://towardsdatascience.com/the-deep-learning-specialization-2503b9ee7ff6/" }, { title: "Udacity Deep Learning Nanodegree: a review (2019)", url: "https://jeancochrane.com/blog/udacity-deep-learning-nanodegree-review" }],
  },
  {
    id: "tensorboard", section: "§7.2.2",
    quote: "TensorBoard：TensorFlow 的可视化工具，用于监控训练过程和性能分析",
    verdict: "correct",
    evidence: "TensorBoard tracks and visualises metrics such as loss and accuracy and profiles TensorFlow programs.",
    fix: "—",
    sources: [{ title: "TensorBoard: TensorFlow's visualization toolkit (tensorflow.org/tensorboard)", url: "https://www.tensorflow.org/tensorboard" }],
  },
  {
    id: "perfhud", section: "§7.2.2",
    quote: "PerfHUD：一款开源的性能分析工具，能够帮助识别和优化深度学习模型的性能瓶颈",
    verdict: "wrong",
    evidence: "NVIDIA PerfHUD is NVIDIA's real-time performance and debugging overlay for Direct3D graphics applications (it works through NVIDIA's instrumented display driver; part of NVPerfKit). It is not an open-source project and has nothing to do with deep-learning models.",
    fix: "改为 TensorBoard Profiler、PyTorch Profiler 或 NVIDIA Nsight Systems。",
    sources: [{ title: "Beyond3D: NVIDIA PerfHUD basics (instrumented display driver, Direct3D)", url: "https://www.beyond3d.com/content/reviews/49/2" }, { title: "iXBT Labs: NVIDIA NVPerfKit 2 (PerfHUD for Direct3D/OpenGL developers)", url: "http://ixbtlabs.com/articles2/video/nvperfkit2.html" }],
  },
  {
    id: "keras-backends", section: "§7.2.3",
    quote: "Keras：一个高层神经网络 API，可以在 TensorFlow 和 PyTorch 上运行",
    verdict: "misleading",
    evidence: "Only Keras 3 (released late 2023) runs on PyTorch — and on JAX and TensorFlow. The article's code uses `tensorflow.keras` (Keras 2 inside TensorFlow), which runs on TensorFlow only.",
    fix: "Keras 3 可运行于 TensorFlow、JAX 和 PyTorch；本文代码使用的 tf.keras（Keras 2）只运行于 TensorFlow。",
    sources: [{ title: "PyPI keras 3.0.0: “Keras 3 is a new multi-backend implementation of the Keras API, with support for TensorFlow, JAX, and PyTorch”", url: "https://pypi.org/project/keras/3.0.0/" }],
  },
  {
    id: "williams-zipser", section: "§7.3.1, §10.1",
    quote: "“A Learning Algorithm for Continually Running Fully Recurrent Neural Networks” (Rumelhart, Hinton, Williams)",
    verdict: "wrong",
    evidence: "That paper is by Ronald J. Williams and David Zipser, Neural Computation 1(2):270–280, 1989 (RTRL). Rumelhart, Hinton & Williams wrote “Learning representations by back-propagating errors”, Nature 323:533–536, 1986.",
    fix: "Williams, R. J., & Zipser, D. (1989). A Learning Algorithm for Continually Running Fully Recurrent Neural Networks. Neural Computation, 1(2), 270–280.",
    sources: [{ title: "Williams & Zipser (1989), doi:10.1162/neco.1989.1.2.270", url: "https://doi.org/10.1162/neco.1989.1.2.270" }, { title: "Rumelhart, Hinton & Williams (1986), doi:10.1038/323533a0", url: "https://doi.org/10.1038/323533a0" }],
  },
  {
    id: "dl-book-as-paper", section: "§7.3.1, §10.1",
    quote: "经典论文：“Deep Learning” (Goodfellow, Bengio, Courville)",
    verdict: "misleading",
    evidence: "It is a textbook (MIT Press, 2016), as the article itself says in §7.1.1, not a paper.",
    fix: "移到“书籍推荐”。",
    sources: [{ title: "Goodfellow, Bengio, Courville: Deep Learning (MIT Press, 2016, ISBN 9780262035613)", url: "https://www.deeplearningbook.org/" }],
  },
  {
    id: "recent-papers", section: "§7.3.2, §10.2",
    quote: "“Attention Is All You Need” (Vaswani et al.) … “BERT …” (Devlin et al.)",
    verdict: "correct",
    evidence: "Both exist with these first authors (arXiv:1706.03762, 2017; arXiv:1810.04805, 2018). Neither is about MNIST or data preparation.",
    fix: "—",
    sources: [{ title: "arXiv:1706.03762", url: "https://arxiv.org/abs/1706.03762" }, { title: "arXiv:1810.04805", url: "https://arxiv.org/abs/1810.04805" }],
  },
  {
    id: "pose-survey", section: "§7.3.3, §10.3",
    quote: "“Deep Learning for Human Pose Estimation: A Survey and Comprehensive Analysis” (Jiapeng Tang et al.)",
    verdict: "unverifiable",
    evidence: "We found no paper with this title and author. A well-known survey on the topic is “Deep Learning-Based Human Pose Estimation: A Survey” (Ce Zheng et al., ACM Computing Surveys 2023).",
    fix: "引用可查证的文献，如 Zheng et al., “Deep Learning-Based Human Pose Estimation: A Survey”, ACM CSUR 2023。",
    sources: [{ title: "Zheng et al., Deep Learning-Based Human Pose Estimation: A Survey (arXiv:2012.13392)", url: "https://arxiv.org/abs/2012.13392" }],
  },
  {
    id: "driving-review", section: "§7.3.3, §10.3",
    quote: "“Deep Learning in Autonomous Driving: A Comprehensive Review” (Ying Liu et al.)",
    verdict: "unverifiable",
    evidence: "We found no paper with this title and author; surveys that do exist include Huang & Chen, “Autonomous Driving with Deep Learning: A Survey of State-of-Art Technologies” (2020).",
    fix: "引用可查证的综述（给出 DOI 或 arXiv 编号）。",
    sources: [{ title: "Huang & Chen (2020), arXiv:2006.06091", url: "https://arxiv.org/abs/2006.06091" }],
  },
  {
    id: "faq-flip", section: "§9.1",
    quote: "数据增强：通过旋转、翻转、裁剪和缩放等方式增加数据多样性",
    verdict: "misleading",
    evidence: "For digits, flips are not label-preserving: a mirrored 2, 3, 4, 5 or 7 is no longer that digit, and a 6 turned upside down is a 9. The article's own generator sets horizontal_flip=False; small rotations, shifts and zooms are the safe choices.",
    fix: "对手写数字只用小角度旋转、平移和缩放，不要翻转或大角度旋转。",
    proof: nb05("e-augment"),
    sources: [IDG_DOCS],
  },
  {
    id: "transformer-translation", section: "§9.2",
    quote: "变压器（Transformer）",
    verdict: "misleading",
    evidence: "“变压器” is the electrical transformer; the neural architecture is conventionally called Transformer (untranslated) in Chinese ML writing — including elsewhere in this article (§8.1).",
    fix: "Transformer",
    sources: [],
  },
  {
    id: "author-bio", section: "作者信息",
    quote: "计算机图灵奖获得者 … 《禅与计算机程序设计艺术》",
    verdict: "unverifiable",
    evidence: "No author name is given, so the claim cannot be checked against the ACM A.M. Turing Award list; the pen name echoes Knuth's “The Art of Computer Programming”.",
    fix: "给出真实作者姓名与可查证的履历，或删去。",
    sources: [{ title: "ACM A.M. Turing Award", url: "https://amturing.acm.org/" }],
  },
];

/** The anchor-qualified link of an erratum's proof, relative to the repository root. */
export const proofLink = (e: Erratum): string | undefined => (e.proof ? `${e.proof.notebook}#${e.proof.anchor}` : undefined);

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Counts of each verdict. */
export function verdictCounts(errata: readonly Erratum[] = ERRATA): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { wrong: 0, misleading: 0, outdated: 0, correct: 0, unverifiable: 0 };
  for (const e of errata) counts[e.verdict] += 1;
  return counts;
}

/**
 * The errata as a Markdown table. `linkBase` is prepended to proof links (e.g. "" from the
 * repository root, "../" from docs/, "" with only the anchor inside the notebook itself).
 */
export function errataMarkdown(options: { linkBase?: string; inNotebook?: string } = {}): string {
  const { linkBase = "", inNotebook } = options;
  const counts = verdictCounts();
  const header = [
    `${ERRATA.length} claims checked: ${Object.entries(counts).map(([v, n]) => `${n} ${v}`).join(", ")}.`,
    "",
    "| # | § | Article says | Verdict | Evidence | Fix | Proof · sources |",
    "|---|---|---|---|---|---|---|",
  ];
  const rows = ERRATA.map((e, i) => {
    const proof = e.proof
      ? (inNotebook && e.proof.notebook.endsWith(inNotebook) ? `[computed here](#${e.proof.anchor})` : `[${e.proof.notebook.split("/").pop()}](${linkBase}${proofLink(e)})`)
      : "";
    const sources = e.sources.map((s, k) => `[${k + 1}](${s.url.startsWith("repo:") ? linkBase + s.url.slice(5) : s.url} "${s.title.replace(/"/g, "'")}")`).join(" ");
    const proofCell = [proof, sources ? `sources ${sources}` : ""].filter(Boolean).join("; ");
    return `| ${i + 1} | ${cell(e.section)} | ${cell(e.quote)} | **${e.verdict}** | ${cell(e.evidence)} | ${cell(e.fix)} | ${cell(proofCell)} |`;
  });
  return [...header, ...rows].join("\n");
}
