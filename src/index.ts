/**
 * mnist-prep, the library: load, clean, augment, train and deploy, in the order of the pipeline.
 * It prints nothing and translates nothing; the notebooks' display, plots, checks and i18n are
 * the book (`mnist-prep/book`).
 */
export { MnistPrepError, IdxFormatError, DatasetError, InvalidArgumentError, UnavailableError, UnsupportedOptionError } from "./errors";
export type { PixelArray, Images, LabelledImages, MnistDataset } from "./types";
export { SeededRandom } from "./random";

// data: IDX files, the bundled MNIST, subsets, summaries
export { IDX_TYPES, readMaybeGzip, parseIdx, readIdxHeader, readIdx, encodeIdx, writeIdx } from "./data/idx";
export type { IdxDtype, IdxTypedArray, IdxArray } from "./data/idx";
export { bundledMnistDir, loadMnist } from "./data/mnist";
export type { LoadMnistOptions, LoadedMnist, MnistFile } from "./data/mnist";
export { head, pick } from "./data/subset";
export { labelCounts, pixelStats, classMeans, byteHistogram } from "./data/explore";
export type { PixelStats } from "./data/explore";

// prep: cleaning, normalisation, augmentation, centring
export { assertImages } from "./prep/assert-images";
export { validateImages, DEFAULT_DROP_KINDS, dropInvalid } from "./prep/validate";
export type { FindingKind, ValidateOptions, ValidationReport } from "./prep/validate";
export { medianFilter } from "./prep/median";
export { normalize, fitStandardization, applyStandardization } from "./prep/normalize";
export type { StandardizationStats } from "./prep/normalize";
export { ImageDataGenerator, IMAGE_DATA_GENERATOR_OPTIONS, transformMatrix, applyTransform } from "./prep/augment";
export type { AugmentedBatch, DatasetOptions, FlowOptions, FillMode, ImageDataGeneratorOptions, Interpolation, KerasFlavor, PreprocessingFunction, ResampleOptions, TransformParams } from "./prep/augment";
export { centreLikeMnist, centreImagesLikeMnist, shiftImages } from "./prep/centre";
export type { CentringOptions, MnistCentring } from "./prep/centre";

// model: the article's CNN, training, prediction, evaluation, transfer, statistics
export { ARTICLE_LAYER_NAMES, ARTICLE_PARAMETER_COUNT, buildCnn, compileCnn, modelSummary, fileSystemSaveHandler, fileSystemLoadHandler, saveModel, loadModel, cloneModel, fineTune, trainableLayerNames } from "./model/model";
export type { CnnOptions, CompileOptions, LayerSummary, FineTuneOptions } from "./model/model";
export { train, trainedIndices, exponentialDecay } from "./model/train";
export type { Augmenter, TrainEvent, TrainEventHandler, TrainHistory, TrainOptions, EarlyStoppingOptions, EpochLog } from "./model/train";
export { predictProbabilities, lossAndAccuracy } from "./model/predict";
export { evaluate, perClassMetrics } from "./model/evaluate";
export type { ClassMetrics, Mistake, Evaluation } from "./model/evaluate";
export { selectClasses } from "./model/transfer";
export { layerCounts, weightSnapshot, weightChanges, argmax } from "./model/inspect";
export { binomialStandardError, signTestPValue, compareAccuracy, mean, sampleSd, accuracyOf, beyondNoise } from "./model/stats";
export type { AccuracyComparison } from "./model/stats";

// backend: tensorflow (native, training steps compiled into one TensorFlow call) → wasm → cpu
export { parseBackendChoice, useBestBackend } from "./backend/backend";
export type { BackendChoice, BackendAttempt, BackendDetail, BackendSelection, BackendInfo, LibtensorflowInfo } from "./backend/backend";
export { compileSteps, predictBatch, setCompiledSteps, compiledStepsStatus } from "./backend/compiled/steps";
export type { CompiledStepEvent, CompiledSteps } from "./backend/compiled/steps";
export { HUGE_PAGES_TUNABLE, withHugePages, hugePagesStatus } from "./backend/environment";
export type { HugePagesCause, HugePagesStatus } from "./backend/environment";

// deploy: the drawing page, its server, quantisation, latency
export { DEFAULT_MODEL_DIR, checkModelFolder, defaultWebDir, serveDeployment, servedWeightDtypes } from "./deploy/serve";
export type { ModelFolderInfo, ServeOptions, DeploymentServer } from "./deploy/serve";
export { quantizeModelFolder, modelFolderBytes } from "./deploy/quantize";
export type { QuantizationDtype, QuantizedModel } from "./deploy/quantize";
export { summarizeLatency, timeNodePredictions, measureBrowserLatency } from "./deploy/latency";
export type { LatencySummary, BrowserLatency } from "./deploy/latency";
