import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { buildCnn, InvalidArgumentError, loadModel, modelFolderBytes, quantizeModelFolder, saveModel } from "../src";
import { float16Bits, float16Value, uint8Range } from "../src/deploy/quantize";

test("float16Bits matches IEEE 754 half precision", () => {
  // Reference bit patterns from the IEEE 754-2008 binary16 definition.
  const cases: Array<[number, number]> = [[1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [65520, 0x7c00], [2 ** -24, 0x0001], [2 ** -14, 0x0400], [0.1, 0x2e66], [1 / 3, 0x3555], [0, 0], [2 ** -26, 0]];
  for (const [value, bits] of cases) assert.equal(float16Bits(value), bits, `${value}`);
  assert.equal(float16Bits(1 + 2 ** -11), 0x3c00, "a tie rounds to even");
  assert.equal(float16Bits(1 + 3 * 2 ** -11), 0x3c02, "a tie rounds to even (up)");
  assert.equal(float16Value(0x3555), 0.333251953125);
});

test("uint8 ranges include zero exactly", () => {
  const { scale, min } = uint8Range(-0.3, 0.7);
  assert.equal(Math.round(-min / scale) * scale + min, 0);
  assert.deepEqual(uint8Range(0.2, 0.5).min, 0);
});

test("quantised folders load in TensorFlow.js with weights within half a step of the originals", async () => {
  const src = mkdtempSync(join(tmpdir(), "quant-src-"));
  const model = buildCnn({ seed: 3 });
  await saveModel(model, src);
  const original = model.getWeights().map((w) => w.dataSync().slice());
  for (const dtype of ["float16", "uint8"] as const) {
    const dst = mkdtempSync(join(tmpdir(), `quant-${dtype}-`));
    const result = quantizeModelFolder(src, dst, dtype);
    assert.equal(result.bytes, modelFolderBytes(dst));
    assert.ok(result.bytes < modelFolderBytes(src) / (dtype === "uint8" ? 3.5 : 1.9), `${dtype}: ${result.bytes} vs ${modelFolderBytes(src)} bytes`);
    const loaded = await loadModel(dst); // tfjs's own decoder
    const decoded = loaded.getWeights().map((w) => w.dataSync());
    let worst = 0;
    decoded.forEach((values, k) => values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - original[k][i])))));
    assert.ok(Math.abs(worst - result.maxError) < 1e-7, `${dtype}: decoded error ${worst}, reported ${result.maxError}`);
    const manifest = JSON.parse(readFileSync(join(dst, "model.json"), "utf8")).weightsManifest[0].weights;
    for (const spec of manifest) {
      const w = original[manifest.indexOf(spec)];
      const bound = dtype === "uint8" ? spec.quantization.scale / 2 + 1e-7 : Math.max(...w.map(Math.abs)) * 2 ** -11;
      assert.ok(decoded[manifest.indexOf(spec)].every((v, i) => Math.abs(v - w[i]) <= bound), `${dtype} ${spec.name} within ${bound}`);
    }
    loaded.dispose();
  }
  assert.throws(() => quantizeModelFolder(src, src, "int4" as never), InvalidArgumentError);
  model.dispose();
  tf.disposeVariables();
});
