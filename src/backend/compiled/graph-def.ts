/**
 * A TensorFlow GraphDef written from JavaScript: the nodes a recorded step ran, with attributes as
 * tfjs-node passes them to its binding (`{name, type, value}`), constants and placeholders.
 * The binding imports it (TF_GraphImportGraphDef, which also fills attributes' defaults) and turns
 * it into a function of the eager context.
 */
import { ProtoWriter } from "./proto";

/** TensorFlow's DataType numbers (the C API's TF_DataType), as tfjs-node's binding uses them. */
export const DT = { float32: 1, int32: 3, uint8: 4, string: 7, complex64: 8, int64: 9, bool: 10 } as const;

/** The C API's TF_AttrType numbers, as tfjs-node's op attributes carry them. */
export const ATTR = { string: 0, int: 1, float: 2, bool: 3, type: 4, shape: 5 } as const;

/** One op attribute in tfjs-node's form (`createTensorsTypeOpAttr` and friends make these). */
export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** One node of a graph: `inputs` name other nodes' outputs as `node:index`. */
export interface GraphNode {
  name: string;
  op: string;
  inputs: string[];
  attrs: OpAttr[];
  /** A constant's value (for `Const` nodes): TensorProto fields written as `value`. */
  tensor?: ConstTensor;
}

/** A constant tensor's dtype (DT number), shape and values. */
export interface ConstTensor {
  dtype: number;
  shape: readonly number[];
  values: ArrayBufferView;
}

/** Graph producer version written into the GraphDef (TensorFlow 2.21's GRAPH_DEF_VERSION). */
const PRODUCER = 2474;

function writeShape(w: ProtoWriter, shape: readonly number[]): void {
  for (const size of shape) w.message(2, (dim) => dim.varint(1, size));
}

function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

/** Writes an AttrValue. Throws on an attribute type tfjs-node never sends. */
function writeAttrValue(w: ProtoWriter, attr: OpAttr): void {
  const { type, value } = attr;
  if (isList(value) && type !== ATTR.shape) {
    const items = Array.from(value as ArrayLike<unknown>);
    w.message(1, (list) => {
      if (items.length === 0) return;
      if (type === ATTR.string) for (const s of items) list.string(2, String(s));
      else if (type === ATTR.int) list.packedVarints(3, items as number[]);
      else if (type === ATTR.float) list.packedFloats(4, items as number[]);
      else if (type === ATTR.bool) list.packedVarints(5, items as boolean[]);
      else if (type === ATTR.type) list.packedVarints(6, items as number[]);
      else throw new TypeError(`attribute ${attr.name}: list of attribute type ${type}`);
    });
    return;
  }
  switch (type) {
    case ATTR.string: w.string(2, String(value)); break;
    case ATTR.int: w.varint(3, value as number); break;
    case ATTR.float: w.float(4, value as number); break;
    case ATTR.bool: w.varint(5, value as boolean); break;
    case ATTR.type: w.varint(6, value as number); break;
    case ATTR.shape: w.message(7, (shape) => writeShape(shape, Array.from(value as ArrayLike<number>))); break;
    default: throw new TypeError(`attribute ${attr.name}: attribute type ${type}`);
  }
}

/** Writes a TensorProto with its values as raw little-endian bytes. */
function writeTensor(w: ProtoWriter, tensor: ConstTensor): void {
  if (tensor.dtype === DT.string) throw new TypeError("string constants are not supported in a compiled graph");
  w.varint(1, tensor.dtype);
  w.message(2, (shape) => writeShape(shape, tensor.shape));
  const { buffer, byteOffset, byteLength } = tensor.values;
  if (byteLength > 0) w.bytes(4, new Uint8Array(buffer, byteOffset, byteLength));
}

/** A serialized GraphDef of `nodes`. */
export function encodeGraphDef(nodes: readonly GraphNode[]): Uint8Array {
  const w = new ProtoWriter();
  for (const node of nodes) {
    w.message(1, (n) => {
      n.string(1, node.name);
      n.string(2, node.op);
      for (const input of node.inputs) n.string(3, input);
      for (const attr of node.attrs) {
        n.message(5, (entry) => {
          entry.string(1, attr.name);
          entry.message(2, (v) => writeAttrValue(v, attr));
        });
      }
      if (node.tensor) {
        const tensor = node.tensor;
        n.message(5, (entry) => {
          entry.string(1, "value");
          entry.message(2, (v) => v.message(8, (t) => writeTensor(t, tensor)));
        });
      }
    });
  }
  w.message(4, (versions) => versions.varint(1, PRODUCER));
  return w.finish();
}

/** A `Placeholder` node: an argument of the function made from the graph. */
export function placeholder(name: string, dtype: number, shape: readonly number[]): GraphNode {
  return { name, op: "Placeholder", inputs: [], attrs: [{ name: "dtype", type: ATTR.type, value: dtype }, { name: "shape", type: ATTR.shape, value: shape }] };
}

/** A `Const` node holding `tensor`. */
export function constant(name: string, tensor: ConstTensor): GraphNode {
  return { name, op: "Const", inputs: [], attrs: [{ name: "dtype", type: ATTR.type, value: tensor.dtype }], tensor };
}
