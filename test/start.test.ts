import assert from "node:assert/strict";
import test from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ChecksFailedError, InvalidArgumentError, startNotebook } from "../src/index";

test("startNotebook activates the asked backend, reads the profile and prints both", async () => {
  const lines: string[] = [];
  const session = await startNotebook({ backend: "cpu", profile: "quick", log: (line) => lines.push(line) });
  assert.equal(session.backend.name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.equal(session.profile.name, "quick");
  assert.equal(session.quick, true);
  assert.equal(session.seed, session.profile.seed);
  assert.equal(session.tensorsAtStart, tf.memory().numTensors);
  assert.deepEqual(lines.map((l) => l.split(":")[0]), ["backend", "profile"]);
  assert.match(lines[1], /^profile: quick \(2000 training and 1000 test images, 1 epoch\(s\), batch 32, seed 42\)$/);
  session.checks.that("a claim that holds", true);
  assert.match(lines[2], /^✓ a claim that holds/);
  session.checks.that("a claim that fails", false);
  assert.throws(() => session.checks.done(), ChecksFailedError);
});

test("startNotebook rejects unknown options and bad profiles by name", async () => {
  await assert.rejects(startNotebook({ lang: "zh" } as never), (e: Error) => e instanceof InvalidArgumentError && /startNotebook\.lang/.test(e.message));
  await assert.rejects(startNotebook({ backend: "cpu", profile: "fast", log: () => {} }), /MNIST_PROFILE: expected quick or full/);
});
