import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FIGURES, readmeWithDeployment, type DeploymentFigures } from "../scripts/generate/deployment-md";

test("README's deployment tables are generated from docs/deployment-figures.json", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const figures = JSON.parse(readFileSync(FIGURES, "utf8")) as DeploymentFigures;
  assert.equal(readme, readmeWithDeployment(readme, figures), "run: npx tsx scripts/generate/deployment-md.ts");
  assert.deepEqual(figures.quantisation.map((r) => r.weights), ["float32", "float16", "uint8"]);
  assert.ok(figures.latency.some((r) => /Chromium/.test(r.where)), "a browser measurement");
});
