/**
 * The parts of tfjs-node's backend and binding that compiled steps use. The binding's function
 * registry (`registerGraphFunction` …) comes from scripts/setup/tfjs-node-functions.patch, which
 * `npm run setup` applies when it builds the binding.
 */
import * as tf from "@tensorflow/tfjs";

/** tfjs-node's binding: its kernel calls, plus the functions the patch adds. */
export interface NativeBinding {
  executeOp(name: string, attrs: unknown[], inputIds: number[], numOutputs: number): Array<{ id: number; shape: number[]; dtype: number }>;
  createTensor(shape: number[], dtype: number, values: ArrayLike<unknown>): number;
  tensorDataSync(id: number): ArrayBufferView;
  deleteTensor(id: number): void;
  registerGraphFunction?(name: string, graphDef: Uint8Array, inputs: string[], outputs: string[]): void;
  removeFunction?(name: string): void;
  enableRunMetadata?(enable: boolean): void;
  exportRunMetadata?(): Uint8Array;
}

/** What tfjs-node keeps per tensor: the binding's tensor id, or values not yet handed to it. */
export interface NativeTensorData {
  id: number;
  values: ArrayBufferView | null;
  shape: number[];
  dtype: number;
}

/** tfjs-node's backend object (`tf.backend()` while `tensorflow` is active). */
export interface NativeBackend {
  binding: NativeBinding;
  tensorMap: { get(dataId: object): NativeTensorData; has(dataId: object): boolean };
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  executeMultipleOutputs(name: string, attrs: unknown[], inputs: tf.Tensor[], numOutputs: number): tf.Tensor[];
}

/** The binding with the function registry. */
export type FunctionBinding = NativeBinding & Required<Pick<NativeBinding, "registerGraphFunction" | "removeFunction" | "enableRunMetadata" | "exportRunMetadata">>;

/** The active native backend with a binding that registers functions, or the reason there is none. */
export function functionBackend(): { backend: NativeBackend & { binding: FunctionBinding } } | { reason: string } {
  if (tf.getBackend() !== "tensorflow") return { reason: `the ${tf.getBackend()} backend runs op by op (compiled steps need the native tensorflow backend)` };
  const backend = tf.backend() as unknown as NativeBackend;
  if (typeof backend.binding?.registerGraphFunction !== "function") {
    return { reason: "tfjs-node's binding was built without scripts/setup/tfjs-node-functions.patch (npm run setup builds it with the patch)" };
  }
  return { backend: backend as NativeBackend & { binding: FunctionBinding } };
}
