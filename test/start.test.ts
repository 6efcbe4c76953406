import assert from "node:assert/strict";
import test from "node:test";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../src";
import { ChecksFailedError, startNotebook } from "../src/book";

test("startNotebook activates the asked backend, reads the profile and prints both", async () => {
  const lines: string[] = [];
  const session = await startNotebook({ backend: "cpu", profile: "quick", log: (line) => lines.push(line) });
  assert.equal(session.backend.name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.equal(session.profile.name, "quick");
  assert.equal(session.seed, session.profile.seed);
  assert.deepEqual(lines.map((l) => l.split(":")[0]), ["backend", "profile"]);
  assert.match(lines[1], /^profile: quick \(2000 training and 1000 test images, 1 epoch\(s\), batch 32, seed 42\)$/);
  session.checks.that("a claim that holds", true);
  session.checks.that("a claim that fails", false);
  assert.throws(() => session.checks.done(), ChecksFailedError);
  assert.deepEqual(lines[2].split("\n"), ["✗ 1/2 checks passed", "✓ a claim that holds", "✗ a claim that fails"]);
});

test("startNotebook rejects unknown options and bad profiles by name", async () => {
  await assert.rejects(startNotebook({ language: "zh" } as never), (e: Error) => e instanceof InvalidArgumentError && /startNotebook\.language/.test(e.message));
  await assert.rejects(startNotebook({ lang: "fr", log: () => {} }), /startNotebook\.lang: expected one of en, zh/);
  await assert.rejects(startNotebook({ backend: "cpu", profile: "fast", log: () => {} }), /MNIST_PROFILE: expected quick or full/);
});

test("startNotebook({ lang: \"zh\" }) opens the 中文 edition: its lines, checks and translator speak Chinese", async () => {
  const lines: string[] = [];
  const session = await startNotebook({ backend: "cpu", profile: "quick", lang: "zh", log: (line) => lines.push(line) });
  assert.equal(session.lang, "zh");
  assert.match(lines[0], /^后端：cpu——/);
  assert.match(lines[1], /^运行配置：quick（训练图像 2000 张，测试图像 1000 张，1 轮，批大小 32，随机种子 42）$/);
  session.checks.equal("一致", 1, 1);
  session.checks.done();
  assert.equal(lines.at(-1), "✓ 1/1 项检查通过\n✓ 一致——1");
});
