/**
 * Records what a piece of tfjs code asks the native binding to do — every kernel call with its
 * attributes and data flow, every tensor handed over from JavaScript, every value read back — and
 * turns the record into a graph: one node per kernel call, constants for the tensors JavaScript
 * made, placeholders for the tensors that came from outside (weights, the batch).
 */
import { ATTR, constant, DT, encodeGraphDef, placeholder, type ConstTensor, type GraphNode, type OpAttr } from "./graph-def";
import type { NativeBackend, NativeBinding } from "./native";

/** One kernel call as the binding saw it. */
export interface RecordedOp {
  op: string;
  attrs: OpAttr[];
  inputs: number[];
  outputs: Array<{ id: number; dtype: number; shape: number[] }>;
}

/** A tensor from before the recording: its dtype and shape, and its values unless it is known (a weight, the batch). */
export interface ExternalTensor {
  dtype: number;
  shape: number[];
  values?: ArrayBufferView;
}

/** What ran between the start and the end of a recording. */
export interface Recording {
  ops: RecordedOp[];
  /** Tensors JavaScript handed to the binding during the recording (id → value), in order. */
  created: Map<number, ConstTensor>;
  /** Ids used as inputs that existed before the recording, in order of first use. */
  externals: Map<number, ExternalTensor>;
  /** Ids whose values JavaScript read back during the recording. */
  reads: number[];
}

const DTYPES: Record<string, number> = { float32: DT.float32, int32: DT.int32, bool: DT.bool, string: DT.string, complex64: DT.complex64, int64: DT.int64 };

/** TensorFlow's DataType number of a tfjs dtype. */
export function dtypeNumber(dtype: string): number {
  const number = DTYPES[dtype];
  if (number === undefined) throw new TypeError(`no TensorFlow dtype for ${dtype}`);
  return number;
}

function copyValues(values: ArrayLike<unknown>): ArrayBufferView {
  if (ArrayBuffer.isView(values)) return (values as unknown as { slice(): ArrayBufferView }).slice();
  throw new TypeError("a tensor made in JavaScript holds values that are not a typed array (strings?)");
}

function copyAttrs(attrs: unknown[]): OpAttr[] {
  return attrs.map((a) => {
    const { name, type, value } = a as OpAttr;
    return { name, type, value: Array.isArray(value) || ArrayBuffer.isView(value) ? Array.from(value as ArrayLike<unknown>) : value };
  });
}

/**
 * Runs `run` with the backend's binding wrapped, recording every call. Ids in `known` (weights,
 * the batch) are not read back when the run uses them.
 */
export function record<T>(backend: NativeBackend, known: ReadonlySet<number>, run: () => T): { result: T; recording: Recording } {
  const real = backend.binding;
  const realInputIds = backend.getInputTensorIds;
  const recording: Recording = { ops: [], created: new Map(), externals: new Map(), reads: [] };
  const produced = new Set<number>();
  // The tfjs tensors behind the ids the next kernel call gets (the binding sees ids only).
  const inputInfo = new Map<number, { dtype: number; shape: number[] }>();
  const executeOp: NativeBinding["executeOp"] = (name, attrs, inputIds, numOutputs) => {
    for (const id of inputIds) {
      if (produced.has(id) || recording.created.has(id) || recording.externals.has(id)) continue;
      const info = inputInfo.get(id);
      if (!info) throw new Error(`kernel ${name} got tensor ${id} from outside tfjs's tensors`);
      recording.externals.set(id, known.has(id) ? { ...info } : { ...info, values: copyValues(real.tensorDataSync(id) as unknown as ArrayLike<unknown>) });
    }
    const outputs = real.executeOp(name, attrs, inputIds, numOutputs);
    recording.ops.push({ op: name, attrs: copyAttrs(attrs), inputs: [...inputIds], outputs: outputs.map(({ id, dtype, shape }) => ({ id, dtype, shape: [...shape] })) });
    for (const o of outputs) produced.add(o.id);
    return outputs;
  };
  const createTensor: NativeBinding["createTensor"] = (shape, dtype, values) => {
    const id = real.createTensor(shape, dtype, values);
    recording.created.set(id, { dtype, shape: [...shape], values: copyValues(values) });
    return id;
  };
  const tensorDataSync: NativeBinding["tensorDataSync"] = (id) => {
    recording.reads.push(id);
    return real.tensorDataSync(id);
  };
  // The binding's own properties are read-only: the wrapper inherits them and defines its own three.
  const wrapped: NativeBinding = Object.create(real, { executeOp: { value: executeOp }, createTensor: { value: createTensor }, tensorDataSync: { value: tensorDataSync } });
  backend.binding = wrapped;
  backend.getInputTensorIds = function (tensors) {
    const ids = realInputIds.call(this, tensors);
    tensors.forEach((t, i) => inputInfo.set(ids[i], { dtype: dtypeNumber(t.dtype), shape: [...t.shape] }));
    return ids;
  };
  try {
    return { result: run(), recording };
  } finally {
    backend.binding = real;
    delete (backend as Partial<NativeBackend>).getInputTensorIds;
  }
}

/** Where a value in a recording comes from. */
export type Ref =
  | { kind: "op"; op: number; output: number }
  | { kind: "created"; index: number }
  | { kind: "external"; index: number };

/** A kernel call of a program: inputs by position instead of id. */
export interface ProgramOp {
  op: string;
  attrs: OpAttr[];
  inputs: Ref[];
  outputs: Array<{ dtype: number; shape: number[] }>;
}

/** A recording with ids replaced by positions, so two recordings of the same code compare equal. */
export interface Program {
  ops: ProgramOp[];
  created: ConstTensor[];
  /** The binding ids of the tensors from before the recording, in order of first use, and what they hold. */
  externalIds: number[];
  externals: ExternalTensor[];
  /** Where each id of the recording comes from. */
  refOf(id: number): Ref | undefined;
}

/** The position-based form of `recording`. */
export function toProgram(recording: Recording): Program {
  const refs = new Map<number, Ref>();
  const created = [...recording.created.entries()];
  created.forEach(([id], index) => refs.set(id, { kind: "created", index }));
  const externals = [...recording.externals.entries()];
  externals.forEach(([id], index) => refs.set(id, { kind: "external", index }));
  const ops = recording.ops.map((o, op): ProgramOp => {
    const inputs = o.inputs.map((id) => refs.get(id)!);
    o.outputs.forEach((out, output) => refs.set(out.id, { kind: "op", op, output }));
    return { op: o.op, attrs: o.attrs, inputs, outputs: o.outputs.map(({ dtype, shape }) => ({ dtype, shape })) };
  });
  return { ops, created: created.map(([, t]) => t), externalIds: externals.map(([id]) => id), externals: externals.map(([, t]) => t), refOf: (id) => refs.get(id) };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Whether two typed arrays hold the same bytes. */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

const refKey = (r: Ref) => (r.kind === "op" ? `o${r.op}:${r.output}` : r.kind === "created" ? `c${r.index}` : `e${r.index}`);

/** The first difference between two programs' kernel calls, or null when they run the same kernels on the same data flow. */
export function structuralDifference(a: Program, b: Program): string | null {
  if (a.ops.length !== b.ops.length) return `${a.ops.length} kernel calls, then ${b.ops.length}`;
  if (a.created.length !== b.created.length) return `${a.created.length} tensors made in JavaScript, then ${b.created.length}`;
  if (!sameValue(a.externalIds, b.externalIds)) return "other tensors from outside the step";
  for (let i = 0; i < a.ops.length; i++) {
    const x = a.ops[i];
    const y = b.ops[i];
    const same = x.op === y.op
      && sameValue(x.attrs.map((t) => [t.name, t.type, t.value]), y.attrs.map((t) => [t.name, t.type, t.value]))
      && sameValue(x.inputs.map(refKey), y.inputs.map(refKey))
      && sameValue(x.outputs.map((o) => [o.dtype, ...o.shape]), y.outputs.map((o) => [o.dtype, ...o.shape]));
    if (!same) return `kernel call ${i} (${x.op}, then ${y.op}) with other attributes or inputs`;
  }
  for (let i = 0; i < a.created.length; i++) {
    const x = a.created[i];
    const y = b.created[i];
    if (x.dtype !== y.dtype || !sameValue(x.shape, y.shape)) return `tensor ${i} made in JavaScript changes dtype or shape`;
  }
  for (let i = 0; i < a.externals.length; i++) {
    const x = a.externals[i].values;
    const y = b.externals[i].values;
    if (x && y && !sameBytes(x, y)) return `tensor ${i} from outside the step (not a variable) changes value`;
  }
  return null;
}

/** How a graph argument is fed at each call: an external tensor (weight, batch) or a per-call value made in JavaScript. */
export type ArgumentSource = { kind: "external"; index: number } | { kind: "created"; index: number };

/** A graph to build from a program: its arguments and results. */
export interface GraphPlan {
  program: Program;
  /** Arguments, in order; externals not listed must have values (they become constants). */
  args: ArgumentSource[];
  /** Results, in order. */
  results: Ref[];
  /** Float32 scalar results also packed into one vector, the last result (read back in one call). */
  packed?: Ref[];
}

function dtypeOf(program: Program, ref: Ref): number {
  if (ref.kind === "op") return program.ops[ref.op].outputs[ref.output].dtype;
  if (ref.kind === "created") return program.created[ref.index].dtype;
  return program.externals[ref.index].dtype;
}

/** Node name and output of a ref in the graph `buildGraph` writes. */
function nodeOutput(program: Program, ref: Ref): string {
  if (ref.kind === "op") return `n${ref.op}_${program.ops[ref.op].op}:${ref.output}`;
  return `${ref.kind === "created" ? "c" : "e"}${ref.index}:0`;
}

/**
 * Kernels whose graph-mode form rounds differently from the eager kernel tfjs-node runs, written as
 * the eager kernel's own steps. In a graph, oneDNN's pass replaces every Softmax by its own; eager
 * TensorFlow runs Eigen's, which is exp(x − max) times the reciprocal of its sum, and these five
 * kernels give its results bit for bit.
 */
const EAGER_EQUIVALENTS: Record<string, (node: GraphNode) => GraphNode[]> = {
  Softmax: (node) => {
    const T = node.attrs.find((a) => a.name === "T") ?? { name: "T", type: ATTR.type, value: DT.float32 };
    const reduce = [T, { name: "keep_dims", type: ATTR.bool, value: true }, { name: "Tidx", type: ATTR.type, value: DT.int32 }];
    const n = node.name;
    return [
      constant(`${n}/axis`, { dtype: DT.int32, shape: [1], values: new Int32Array([-1]) }),
      { name: `${n}/max`, op: "Max", inputs: [node.inputs[0], `${n}/axis:0`], attrs: reduce },
      { name: `${n}/shifted`, op: "Sub", inputs: [node.inputs[0], `${n}/max:0`], attrs: [T] },
      { name: `${n}/exp`, op: "Exp", inputs: [`${n}/shifted:0`], attrs: [T] },
      { name: `${n}/sum`, op: "Sum", inputs: [`${n}/exp:0`, `${n}/axis:0`], attrs: reduce },
      { name: `${n}/inverse`, op: "Reciprocal", inputs: [`${n}/sum:0`], attrs: [T] },
      { name: n, op: "Mul", inputs: [`${n}/exp:0`, `${n}/inverse:0`], attrs: [T] },
    ];
  },
};

/**
 * `dy * sign(relu(x))` (relu's gradient as tfjs runs it on this backend: four passes with a cast) as the one
 * kernel TensorFlow has for it, ReluGrad, which computes `dy * (x > 0)`: the same values, bit for
 * bit, for every x but NaN. Returns the replacement of op `i`, or undefined.
 */
function reluGrad(program: Program, i: number, node: GraphNode): GraphNode | undefined {
  const o = program.ops[i];
  if (o.op !== "Mul" || o.outputs[0].dtype !== DT.float32) return undefined;
  // The op making `r`, looking through casts from float32 to float32 (tfjs casts the mask).
  const producer = (r: Ref, op: string): ProgramOp | undefined => {
    if (r.kind !== "op") return undefined;
    const p = program.ops[r.op];
    if (p.op === "Cast" && p.outputs[0].dtype === DT.float32 && dtypeOf(program, p.inputs[0]) === DT.float32) return producer(p.inputs[0], op);
    return p.op === op ? p : undefined;
  };
  for (const k of [0, 1]) {
    const relu = ((sign) => sign && producer(sign.inputs[0], "Relu"))(producer(o.inputs[k], "Sign"));
    if (!relu || !sameShape(o.outputs[0].shape, relu.outputs[0].shape)) continue;
    const dy = o.inputs[1 - k];
    return { name: node.name, op: "ReluGrad", inputs: [nodeOutput(program, dy), nodeOutput(program, relu.inputs[0])], attrs: [{ name: "T", type: ATTR.type, value: DT.float32 }] };
  }
  return undefined;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The serialized GraphDef of a plan, with its argument and result names for the binding. */
export function buildGraph(plan: GraphPlan): { graphDef: Uint8Array; inputs: string[]; outputs: string[] } {
  const { program } = plan;
  const isArg = new Set(plan.args.map((a) => `${a.kind}${a.index}`));
  const nodes: GraphNode[] = [];
  program.created.forEach((tensor, index) => {
    nodes.push(isArg.has(`created${index}`) ? placeholder(`c${index}`, tensor.dtype, tensor.shape) : constant(`c${index}`, tensor));
  });
  program.externals.forEach((tensor, index) => {
    if (isArg.has(`external${index}`)) nodes.push(placeholder(`e${index}`, tensor.dtype, tensor.shape));
    else if (tensor.values) nodes.push(constant(`e${index}`, { dtype: tensor.dtype, shape: tensor.shape, values: tensor.values }));
    else throw new Error(`tensor ${index} from outside the step is neither an argument nor a constant`);
  });
  program.ops.forEach((o, i) => {
    const node: GraphNode = { name: `n${i}_${o.op}`, op: o.op, inputs: o.inputs.map((r) => nodeOutput(program, r)), attrs: o.attrs };
    const equivalent = EAGER_EQUIVALENTS[o.op];
    nodes.push(...(equivalent ? equivalent(node) : [reluGrad(program, i, node) ?? node]));
  });
  const outputs: string[] = [];
  plan.results.forEach((ref, i) => {
    nodes.push({ name: `result${i}`, op: "Identity", inputs: [nodeOutput(program, ref)], attrs: [{ name: "T", type: ATTR.type, value: dtypeOf(program, ref) }] });
    outputs.push(`result${i}:0`);
  });
  if (plan.packed) {
    for (const ref of plan.packed) if (dtypeOf(program, ref) !== DT.float32) throw new Error("only float32 results can be packed");
    nodes.push({
      name: "packed", op: "Pack", inputs: plan.packed.map((r) => nodeOutput(program, r)),
      attrs: [{ name: "N", type: ATTR.int, value: plan.packed.length }, { name: "T", type: ATTR.type, value: DT.float32 }, { name: "axis", type: ATTR.int, value: 0 }],
    });
    outputs.push("packed:0");
  }
  const inputs = plan.args.map((a) => `${a.kind === "created" ? "c" : "e"}${a.index}`);
  return { graphDef: encodeGraphDef(nodes), inputs, outputs };
}
