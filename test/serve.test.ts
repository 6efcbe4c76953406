import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { buildCnn, checkModelFolder, InvalidArgumentError, quantizeModelFolder, saveModel, servedWeightDtypes, serveDeployment, UnavailableError } from "../src";
import { inLanguage, makeModelHint } from "../src/book";
import { MAKE_MODEL_HINT } from "../src/deploy/serve";

const dir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const savedModel = async (options: Parameters<typeof buildCnn>[0] = {}) => {
  const d = dir("serve-model-");
  await saveModel(buildCnn({ seed: 1, ...options }), d);
  return d;
};
const rejectsWith = async (promise: Promise<unknown>, type: Function, pattern: RegExp) =>
  assert.rejects(promise, (error: Error) => error instanceof type && pattern.test(error.message));

test("checkModelFolder accepts a saved article CNN and lists what the page fetches", async () => {
  const info = checkModelFolder(await savedModel());
  assert.deepEqual(info.inputShape, [null, 28, 28, 1]);
  assert.deepEqual(info.files, ["model.json", "weights.bin"]);
  assert.deepEqual(info.storedDtypes, ["float32"]);
  assert.ok(info.bytes > 93322 * 4);
});

test("a missing folder, a wrong input shape and truncated weights are typed errors naming the file", async () => {
  assert.throws(() => checkModelFolder("/nonexistent/model"), (e: Error) => e instanceof UnavailableError && /\/nonexistent\/model: expected a folder.*notebook 06/.test(e.message));
  assert.throws(() => checkModelFolder(dir("empty-")), (e: Error) => e instanceof UnavailableError && /model\.json: expected a TensorFlow\.js model\.json, found no such file/.test(e.message));
  const wide = await savedModel({ inputShape: [32, 32, 1] });
  assert.throws(() => checkModelFolder(wide), (e: Error) => e instanceof InvalidArgumentError && /input shape: expected \[null, 28, 28, 1\].*found \[null,32,32,1\]/.test(e.message));
  const five = await savedModel({ numClasses: 5 });
  assert.throws(() => checkModelFolder(five), (e: Error) => e instanceof InvalidArgumentError && /output: expected a Dense layer with 10 units, found Dense with 5 units/.test(e.message));
  const truncated = await savedModel();
  truncateSync(join(truncated, "weights.bin"), 1000);
  assert.throws(() => checkModelFolder(truncated), (e: Error) => e instanceof InvalidArgumentError && /weights\.bin: expected 373288 bytes .* found 1000 bytes/.test(e.message));
  const garbled = dir("garbled-");
  writeFileSync(join(garbled, "model.json"), "{ not json");
  assert.throws(() => checkModelFolder(garbled), (e: Error) => e instanceof InvalidArgumentError && /model\.json: expected JSON/.test(e.message));
});

test("the server serves the page, the model's files and nothing outside them; a taken port is a typed error", async () => {
  const modelDir = await savedModel();
  const server = await serveDeployment({ modelDir, port: 0 });
  try {
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<canvas id="pad"/);
    assert.equal(page.headers.get("cross-origin-embedder-policy"), "require-corp");
    const weights = await fetch(`${server.url}model/weights.bin`);
    assert.deepEqual(Buffer.from(await weights.arrayBuffer()), readFileSync(join(modelDir, "weights.bin")));
    assert.equal((await fetch(`${server.url}wasm/tfjs-backend-wasm-simd.wasm`)).headers.get("content-type"), "application/wasm");
    assert.equal((await fetch(`${server.url}samples.bin`)).headers.get("content-length"), String(200 * 785));
    assert.equal((await fetch(`${server.url}model/../../package.json`)).status, 404);
    assert.equal((await fetch(`${server.url}%2e%2e/package.json`)).status, 404);
    assert.equal((await fetch(`${server.url}%E0%A4%A`)).status, 400, "a malformed URL is answered, not a crash");
    assert.equal((await fetch(server.url)).status, 200, "and the server still runs");
    await rejectsWith(serveDeployment({ modelDir, port: server.port }), UnavailableError, new RegExp(`--port ${server.port}: expected a free port .* already in use`));
  } finally {
    await server.close();
  }
  await rejectsWith(serveDeployment({ modelDir, port: 70000 }), InvalidArgumentError, /--port: expected an integer in \[0, 65535\]/);
});

test("mnist-prep serve: unknown options and bad values are errors, a missing model says how to make it", () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, "..", "scripts", "cli.mjs"), "serve", ...args], { encoding: "utf8" });
  const unknown = cli("--prot", "80");
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown option '--prot'/);
  assert.equal(cli("--port", "eighty").status, 2);
  const missing = cli("--model", "/nonexistent/model");
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^mnist-prep serve: UnavailableError: \/nonexistent\/model: expected .*notebook 06/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /, "no stack trace");
});

test("servedWeightDtypes reads the stored dtypes back from the served model.json", async () => {
  const modelDir = await savedModel();
  assert.deepEqual([...new Set(await servedWeightDtypes(modelDir))], ["float32"]);
  const uint8 = quantizeModelFolder(modelDir, `${modelDir}-uint8`, "uint8");
  const dtypes = await servedWeightDtypes(uint8.dir);
  assert.equal(dtypes.length, 10);
  assert.deepEqual([...new Set(dtypes)], ["uint8"]);
});

test("the missing-model hint speaks the notebook's language and keeps the commands; the server's adds --model", () => {
  const zh = inLanguage("zh", makeModelHint);
  assert.match(zh, /笔记本 06/);
  for (const command of ["`npx mnist-prep reproduce 06`", "`npx mnist-prep reproduce --quick 06`"]) {
    assert.ok(zh.includes(command) && makeModelHint().includes(command) && MAKE_MODEL_HINT.includes(command), command);
  }
  assert.ok(MAKE_MODEL_HINT.startsWith(makeModelHint()) && MAKE_MODEL_HINT.endsWith("or pass --model DIR"));
});
