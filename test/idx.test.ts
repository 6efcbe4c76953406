import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { IdxFormatError, UnavailableError, encodeIdx, parseIdx, readIdx, readIdxHeader, writeIdx } from "../src";
import { idxBytes, tempDir } from "./helpers";

test("parses a hand-written uint8 IDX file", () => {
  const parsed = parseIdx(idxBytes(0x08, [2, 3], [1, 2, 3, 4, 5, 255]));
  assert.equal(parsed.dtype, "uint8");
  assert.deepEqual(parsed.shape, [2, 3]);
  assert.deepEqual(Array.from(parsed.data), [1, 2, 3, 4, 5, 255]);
});

test("decodes every element type big-endian", () => {
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x09, [2], [0xff, 0x7f])).data), [-1, 127]);
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0b, [2], [0xff, 0xfe, 0x01, 0x00])).data), [-2, 256]);
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0c, [1], [0x00, 0x01, 0x00, 0x00])).data), [65536]);
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0d, [1], [0x3f, 0xc0, 0x00, 0x00])).data), [1.5]);
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0e, [1], [0xc0, 0x04, 0, 0, 0, 0, 0, 0])).data), [-2.5]);
});

test("round-trips all six types through writeIdx/readIdx, raw and gzip", () => {
  const dir = tempDir();
  const arrays = [
    new Uint8Array([0, 7, 255, 1, 2, 3]), new Int8Array([-128, 0, 127, 1, 2, 3]), new Int16Array([-32768, 1, 32767, 4, 5, 6]),
    new Int32Array([-(2 ** 31), 0, 2 ** 31 - 1, 1, 2, 3]), new Float32Array([0.1, -2, 3e30, 1, 2, 3]), new Float64Array([Math.PI, -0, 1e-300, 1, 2, 3]),
  ];
  for (const [k, data] of arrays.entries()) {
    for (const ext of ["", ".gz"]) {
      const path = join(dir, `a${k}.idx${ext}`);
      writeIdx(path, { shape: [2, 3], data });
      const back = readIdx(path);
      assert.deepEqual(back.shape, [2, 3]);
      assert.equal(back.data.constructor, data.constructor);
      assert.deepEqual(Array.from(back.data), Array.from(data));
    }
  }
});

test("encodeIdx writes the documented header", () => {
  assert.deepEqual(Array.from(encodeIdx({ shape: [1, 2], data: new Uint8Array([9, 8]) })), [0, 0, 8, 2, 0, 0, 0, 1, 0, 0, 0, 2, 9, 8]);
});

test("truncated file: names the file, expected and found sizes", () => {
  const dir = tempDir();
  const path = join(dir, "train-images-idx3-ubyte");
  writeFileSync(path, idxBytes(0x08, [60000, 28, 28], new Uint8Array(1008)));
  assert.throws(() => readIdx(path), (e: unknown) => {
    assert.ok(e instanceof IdxFormatError);
    assert.match(e.message, /^train-images-idx3-ubyte: expected 47040016 bytes for 60000×28×28 uint8, found 1024 \(truncated\?\)$/);
    return true;
  });
});

test("trailing bytes are an error too", () => {
  assert.throws(() => parseIdx(idxBytes(0x08, [2], [1, 2, 3]), "x"), /x: expected 10 bytes for 2 uint8, found 11 \(trailing data\?\)/);
});

test("wrong magic number", () => {
  assert.throws(() => parseIdx(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), "zip"), (e: unknown) => {
    assert.ok(e instanceof IdxFormatError);
    assert.match(e.message, /zip: expected magic number .*, found 50 4b 03 04 \(not an IDX file\?\)/);
    return true;
  });
  assert.throws(() => parseIdx(idxBytes(0x07, [1], [0]), "badtype"), /found 00 00 07 01/);
});

test("header shorter than its dimensions", () => {
  assert.throws(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), "short"), /short: expected 16 header bytes for 3 dimensions, found 6 bytes/);
  assert.throws(() => parseIdx(new Uint8Array(0), "empty"), /empty: expected at least a 4-byte IDX header, found 0 bytes/);
});

test("corrupt gzip", () => {
  const dir = tempDir();
  const path = join(dir, "labels.gz");
  const gz = gzipSync(idxBytes(0x08, [100], new Uint8Array(100)));
  writeFileSync(path, gz.subarray(0, gz.length - 12));
  assert.throws(() => readIdx(path), (e: unknown) => e instanceof IdxFormatError && /labels\.gz: expected a valid gzip stream, found a corrupt one/.test(e.message));
});

test("missing file", () => {
  assert.throws(() => readIdx("/nonexistent/x-idx1-ubyte"), (e: unknown) =>
    e instanceof UnavailableError && /\/nonexistent\/x-idx1-ubyte: expected an IDX file \(raw or \.gz\), found no such file/.test(e.message));
});

test("encodeIdx rejects a shape that does not match the data", () => {
  assert.throws(() => encodeIdx({ shape: [2, 2], data: new Uint8Array(3) }), /expected 4 elements for shape 2×2, found 3/);
});

test("readIdxHeader reads type and shape of raw and gzip files, and rejects non-IDX", () => {
  const dir = tempDir();
  writeIdx(join(dir, "a.idx"), { shape: [3, 2], data: new Int16Array(6) });
  writeIdx(join(dir, "b.idx.gz"), { shape: [4], data: new Uint8Array(4) });
  assert.deepEqual(readIdxHeader(join(dir, "a.idx")), { dtype: "int16", shape: [3, 2] });
  assert.deepEqual(readIdxHeader(join(dir, "b.idx.gz")), { dtype: "uint8", shape: [4] });
  writeFileSync(join(dir, "c"), "hello world");
  assert.throws(() => readIdxHeader(join(dir, "c")), /c: expected magic number/);
});
