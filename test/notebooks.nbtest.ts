// Executes every notebook headless in the quick profile (part of `npm test`).
// Fails with a hint when Jupyter or the tslab kernel is missing.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { describeFailure, executeNotebook, listNotebooks, notebookPrerequisiteProblem, ROOT } from "../scripts/notebooks";

const problem = notebookPrerequisiteProblem();

test("Jupyter and the tslab kernel are ready", () => {
  assert.equal(problem, undefined, problem);
});

for (const notebook of listNotebooks()) {
  test(`notebook ${notebook.split("/").pop()} executes in the quick profile`, { skip: problem !== undefined && "see the prerequisite test" }, async () => {
    const run = await executeNotebook(notebook, { outDir: join(ROOT, "build", "test"), env: { MNIST_PROFILE: "quick" } });
    console.log(`${run.notebook}: ${run.ok ? "ok" : "FAILED"} in ${run.seconds.toFixed(1)} s`);
    assert.ok(run.ok, describeFailure(run));
  });
}
