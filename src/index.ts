/** mnist-prep: the public API. */
export * from "./errors";
export * from "./types";
export * from "./backend";
export * from "./profile";
export * from "./checks";
export * from "./data/idx";
export * from "./data/mnist";
export * from "./data/subset";
export * from "./explore";
export * from "./clean";
export * from "./augment";
export * from "./show";
export * from "./environment";
export { registerWasmTrainingKernels, unregisterWasmTrainingKernels, WASM_TRAINING_KERNELS } from "./kernels";
export * from "./formulas";
export * from "./errata";
