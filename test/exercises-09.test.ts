// Notebook 09's exercise checkers: an unedited cell's values get a hint, a solved one a ✓, and
// anything else (a missing field, nonsense) a hint that says what to pass.
import assert from "node:assert/strict";
import { test } from "node:test";
import { EXERCISES } from "../src/book/exercises";
import type { ExerciseVerdict } from "../src/book/exercises/checker";

const check = (id: string, attempt: unknown) => EXERCISES[id](attempt) as ExerciseVerdict;
const hint = (verdict: ExerciseVerdict) => (verdict.ok ? assert.fail(`expected a hint, got ✓ ${verdict.seen}`) : verdict.hint);
const seen = (verdict: ExerciseVerdict) => (verdict.ok ? verdict.seen : assert.fail(`expected ✓, got the hint ${verdict.hint}`));

test("09.1: 256 levels get a hint towards 16; 16 or fewer pass and report the changed predictions", () => {
  const run = { accuracy: 0.992, changed: 28, reference: 0.9935, n: 10000 };
  assert.match(hint(check("09.1", { levels: 256, ...run, changed: 1 })), /256 levels .*set levels to 16/);
  assert.match(seen(check("09.1", { levels: 16, ...run })), /^16 levels \(4 bits a weight\): accuracy 99\.20% \(float32 99\.35%\), 28 of 10000/);
  assert.match(seen(check("09.1", { levels: 6, ...run })), /2\.6 bits a weight/);
  assert.match(hint(check("09.1", { levels: 1.5, ...run })), /whole number/);
  assert.match(hint(check("09.1", { levels: 16 })), /pass \{ levels/);
  assert.match(hint(check("09.1", undefined)), /pass \{ levels/);
});

test("09.2: a shift centring still undoes gets a hint; one it cannot undo passes", () => {
  assert.match(hint(check("09.2", { shift: 4, centred: 0.995, unmoved: 0.9935 })), /move the digits further/);
  assert.match(hint(check("09.2", { shift: 7, centred: 0.959, unmoved: 0.9935 })), /still gives 95\.90%/);
  assert.match(seen(check("09.2", { shift: 8, centred: 0.883, unmoved: 0.9935 })), /moved 8 pixels, .* 88\.30% .*cannot bring it back/);
  assert.match(hint(check("09.2", { shift: 8 })), /pass \{ shift/);
});

test("09.3: one image gets a hint; a batch of 32 passes whether or not it was faster", () => {
  assert.match(hint(check("09.3", { batchSize: 1, msPerBatch: 1.4, msOneImage: 1.4 })), /set batchSize to 32/);
  assert.match(seen(check("09.3", { batchSize: 32, msPerBatch: 5.12, msOneImage: 1.28 })), /0\.160 ms an image: per image 8\.0 times as fast/);
  assert.match(seen(check("09.3", { batchSize: 32, msPerBatch: 64, msOneImage: 1.28 })), /no faster per image/);
  assert.match(hint(check("09.3", { batchSize: "32" })), /pass \{ batchSize/);
});
