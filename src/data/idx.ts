/**
 * IDX reader/writer (the format MNIST ships in): a 4-byte magic number `00 00 TT DD`
 * (TT = element type, DD = number of dimensions), DD big-endian uint32 sizes, then the
 * elements, big-endian. Files may be gzip-compressed.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { IdxFormatError, UnavailableError } from "../errors";

/** The six IDX element types, by their type byte. */
export const IDX_TYPES = {
  0x08: { name: "uint8", bytes: 1 },
  0x09: { name: "int8", bytes: 1 },
  0x0b: { name: "int16", bytes: 2 },
  0x0c: { name: "int32", bytes: 4 },
  0x0d: { name: "float32", bytes: 4 },
  0x0e: { name: "float64", bytes: 8 },
} as const;

/** Name of an IDX element type. */
export type IdxDtype = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]["name"];

/** The typed array each IDX element type is read into. */
export type IdxTypedArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An IDX file's content: element type, dimensions and the elements in row-major order. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: IdxTypedArray;
}

const TYPE_BYTE_BY_NAME: Record<IdxDtype, number> = {
  uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e,
};

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Reads the raw bytes of `path`, gunzipping when the content is gzip; names the file on failure. */
export function readMaybeGzip(path: string): Uint8Array {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UnavailableError(path, "an IDX file (raw or .gz)", "no such file");
  }
  const bytes = readFileSync(path);
  if (!isGzip(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const raw = gunzipSync(bytes);
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  } catch (error) {
    throw new IdxFormatError(basename(path), "a valid gzip stream", `a corrupt one: ${(error as Error).message}`);
  }
}

/** Parses IDX bytes; `name` is used in error messages. Big-endian multi-byte elements are converted. */
export function parseIdx(bytes: Uint8Array, name = "<bytes>"): IdxArray {
  if (bytes.length < 4) {
    throw new IdxFormatError(name, "at least a 4-byte IDX header", `${bytes.length} bytes`, "empty or truncated file?");
  }
  const typeByte = bytes[2];
  const ndim = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !(typeByte in IDX_TYPES)) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new IdxFormatError(name, "magic number 00 00 {08|09|0b|0c|0d|0e} <ndim>", magic, "not an IDX file?");
  }
  const type = IDX_TYPES[typeByte as keyof typeof IDX_TYPES];
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(name, `${headerBytes} header bytes for ${ndim} dimensions`, `${bytes.length} bytes`, "truncated?");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expectedBytes = headerBytes + count * type.bytes;
  if (bytes.length !== expectedBytes) {
    throw new IdxFormatError(
      name,
      `${expectedBytes} bytes for ${shape.join("×") || "a scalar"} ${type.name}`,
      `${bytes.length}`,
      bytes.length < expectedBytes ? "truncated?" : "trailing data?",
    );
  }
  return { dtype: type.name, shape, data: decodeElements(bytes, headerBytes, count, type.name) };
}

function decodeElements(bytes: Uint8Array, offset: number, count: number, dtype: IdxDtype): IdxTypedArray {
  // Single-byte types are zero-copy views; wider ones are converted from big-endian.
  if (dtype === "uint8") return new Uint8Array(bytes.buffer, bytes.byteOffset + offset, count);
  if (dtype === "int8") return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.byteLength - offset);
  switch (dtype) {
    case "int16": { const out = new Int16Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, false); return out; }
    case "int32": { const out = new Int32Array(count); for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, false); return out; }
    case "float32": { const out = new Float32Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, false); return out; }
    case "float64": { const out = new Float64Array(count); for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, false); return out; }
  }
}

/** Reads only an IDX file's header: element type and dimensions (raw files: only the header bytes are read). */
export function readIdxHeader(path: string): { dtype: IdxDtype; shape: number[] } {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UnavailableError(path, "an IDX file (raw or .gz)", "no such file");
  }
  const fd = openSync(path, "r");
  const start = new Uint8Array(4 + 4 * 255);
  let read: number;
  try {
    read = readSync(fd, start, 0, start.length, 0);
  } finally {
    closeSync(fd);
  }
  const head = isGzip(start) ? readMaybeGzip(path) : start.subarray(0, read);
  const name = basename(path);
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0 || !(head[2] in IDX_TYPES) || head.length < 4 + 4 * head[3]) {
    parseIdx(head, name); // throws the precise format error
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const shape = Array.from({ length: head[3] }, (_, d) => view.getUint32(4 + 4 * d, false));
  return { dtype: IDX_TYPES[head[2] as keyof typeof IDX_TYPES].name, shape };
}

/** Reads an IDX file (raw or gzip) with strict validation of magic number, dimensions and size. */
export function readIdx(path: string): IdxArray {
  return parseIdx(readMaybeGzip(path), basename(path));
}

/** The dtype matching a typed array, for writing. */
function dtypeOf(data: IdxTypedArray): IdxDtype {
  if (data instanceof Uint8Array) return "uint8";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Float32Array) return "float32";
  return "float64";
}

/** Encodes an array as IDX bytes (big-endian), the inverse of `parseIdx`. */
export function encodeIdx(array: { shape: number[]; data: IdxTypedArray }): Uint8Array {
  const dtype = dtypeOf(array.data);
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new IdxFormatError("encodeIdx(array)", `${count} elements for shape ${array.shape.join("×")}`, `${array.data.length}`);
  }
  if (array.shape.length > 255) {
    throw new IdxFormatError("encodeIdx(array)", "at most 255 dimensions", `${array.shape.length}`);
  }
  const elementBytes = array.data.BYTES_PER_ELEMENT;
  const header = 4 + 4 * array.shape.length;
  const out = new Uint8Array(header + count * elementBytes);
  const view = new DataView(out.buffer);
  out[2] = TYPE_BYTE_BY_NAME[dtype];
  out[3] = array.shape.length;
  array.shape.forEach((size, d) => view.setUint32(4 + 4 * d, size, false));
  if (elementBytes === 1) {
    out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, count), header);
    return out;
  }
  for (let i = 0; i < count; i++) {
    const at = header + i * elementBytes;
    const value = array.data[i];
    if (dtype === "int16") view.setInt16(at, value, false);
    else if (dtype === "int32") view.setInt32(at, value, false);
    else if (dtype === "float32") view.setFloat32(at, value, false);
    else view.setFloat64(at, value, false);
  }
  return out;
}

/** Writes an IDX file; a path ending in `.gz` is gzip-compressed. */
export function writeIdx(path: string, array: { shape: number[]; data: IdxTypedArray }): void {
  const bytes = encodeIdx(array);
  writeFileSync(path, path.endsWith(".gz") ? gzipSync(bytes) : bytes);
}
