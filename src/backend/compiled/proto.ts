/**
 * The few protocol-buffer encodings TensorFlow's graph messages need (GraphDef, NodeDef,
 * AttrValue, TensorProto), and a reader for the messages the profiler gets back (RunMetadata).
 * Wire format: https://protobuf.dev/programming-guides/encoding/.
 */

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const utf8 = new TextEncoder();

/** Appends fields to a growing byte buffer; `finish()` returns the message. */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private rawVarint(value: number | bigint): void {
    // Negative int64 values are sent as their 64-bit two's complement (ten bytes).
    let v = typeof value === "bigint" ? BigInt.asUintN(64, value) : value >= 0 && value <= 0xffffffff ? value : BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    if (typeof v === "number") {
      while (v > 0x7f) {
        this.buffer[this.length++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
      }
      this.buffer[this.length++] = v;
      return;
    }
    while (v > 0x7fn) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  /** An int32/int64/enum/bool field (written even when zero, which protobuf reads the same). */
  varint(field: number, value: number | bigint | boolean): this {
    this.tag(field, VARINT);
    this.rawVarint(typeof value === "boolean" ? (value ? 1 : 0) : value);
    return this;
  }

  /** A float field (fixed32). */
  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    this.reserve(4);
    new DataView(this.buffer.buffer).setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message field. */
  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated varint field (int64 list, enum list, bool list). */
  packedVarints(field: number, values: ArrayLike<number | boolean>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      inner.rawVarint(typeof v === "boolean" ? (v ? 1 : 0) : v);
    }
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    return this.bytes(field, data);
  }

  /** The message written so far (a copy). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** One field read from a message: its number and its value (a number for varints and fixed, bytes otherwise). */
export interface ProtoField {
  field: number;
  wireType: number;
  /** Varint (as a number; exact below 2^53), fixed32 and fixed64 values (as unsigned numbers). */
  number: number;
  /** Length-delimited values. */
  bytes: Uint8Array;
}

/** The fields of a message in order (nested messages stay bytes: read them with `readProto` again). */
export function readProto(data: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (at >= data.length) throw new RangeError("protobuf: truncated varint");
      const byte = data[at++];
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  };
  const empty = new Uint8Array(0);
  while (at < data.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (wireType === VARINT) fields.push({ field, wireType, number: varint(), bytes: empty });
    else if (wireType === FIXED64) {
      fields.push({ field, wireType, number: view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32, bytes: empty });
      at += 8;
    } else if (wireType === LENGTH_DELIMITED) {
      const length = varint();
      if (at + length > data.length) throw new RangeError("protobuf: truncated field");
      fields.push({ field, wireType, number: 0, bytes: data.subarray(at, at + length) });
      at += length;
    } else if (wireType === FIXED32) {
      fields.push({ field, wireType, number: view.getUint32(at, true), bytes: empty });
      at += 4;
    } else {
      throw new RangeError(`protobuf: unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

const utf8Decoder = new TextDecoder();

/** A length-delimited field's bytes as a string. */
export const protoString = (f: ProtoField): string => utf8Decoder.decode(f.bytes);
