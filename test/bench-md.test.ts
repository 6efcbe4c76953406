import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { BENCH_FIGURES, benchMarkdown, readmeWithBench, type BenchRun } from "../scripts/generate/bench-md";

test("README's benchmark table is generated from docs/bench-figures.json", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const run = JSON.parse(readFileSync(BENCH_FIGURES, "utf8")) as BenchRun;
  assert.equal(readme, readmeWithBench(readme, run), "run: npx tsx scripts/generate/bench-md.ts");
  assert.equal(run.filter, "", "a full bench run, not a filtered one");
  assert.ok(run.rows.some((r) => r.peer), "rows with a Python peer from the same run");
});

test("a changed figure changes the generated table", () => {
  const run = JSON.parse(readFileSync(BENCH_FIGURES, "utf8")) as BenchRun;
  const changed = { ...run, rows: run.rows.map((r, i) => (i === 0 ? { ...r, seconds: r.seconds * 2 } : r)) };
  assert.notEqual(benchMarkdown(changed), benchMarkdown(run));
});
