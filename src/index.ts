/** mnist-prep: the public API, in the order of the pipeline. */
export * from "./errors";
export * from "./types";
export * from "./random";
export * from "./i18n";

// data: IDX files, the bundled MNIST, subsets, summaries
export * from "./data/idx";
export * from "./data/mnist";
export * from "./data/subset";
export * from "./data/explore";

// prep: cleaning, normalisation, augmentation, centring
export { assertImages } from "./prep/assert-images";
export * from "./prep/validate";
export * from "./prep/median";
export * from "./prep/normalize";
export * from "./prep/filter-effect";
export * from "./prep/augment";
export * from "./prep/transform-stats";
export * from "./prep/stream";
export * from "./prep/shift";
export * from "./prep/centre";

// model: the article's CNN, training, prediction, evaluation, transfer, statistics
export * from "./model/model";
export * from "./model/train";
export * from "./model/predict";
export * from "./model/evaluate";
export * from "./model/experiments";
export * from "./model/transfer";
export * from "./model/inspect";
export * from "./model/nearest-mean";
export * from "./model/stats";

// backend: tensorflow (native) → wasm → cpu, and the training kernels each needs
export * from "./backend/backend";
export * from "./backend/environment";
export { registerWasmTrainingKernels, unregisterWasmTrainingKernels, WASM_TRAINING_KERNELS } from "./backend/wasm-kernels";
export { registerNativeTrainingKernels, unregisterNativeTrainingKernels, NATIVE_TRAINING_KERNELS } from "./backend/native-kernels";

// notebook: first cell, display, plots, progress, formatting, checks
export * from "./notebook/start";
export * from "./notebook/profile";
export * from "./notebook/show";
export * from "./notebook/plots";
export * from "./notebook/progress";
export * from "./notebook/format";
export * from "./notebook/diagrams";
export * from "./notebook/checks";

// article: its settings, formulas, worked examples, code traces and errata
export * from "./article/settings";
export * from "./article/formulas";
export * from "./article/math-demos";
export * from "./article/article-code";
export { loadErrata, errataMarkdown, verdictCounts, verdictLabel } from "./article/errata";
export type { Erratum, ErrataSource, Verdict } from "./article/errata";

// deploy: the drawing page, its server, quantisation, latency
export * from "./deploy/serve";
export * from "./deploy/quantize";
export * from "./deploy/latency";
