// docs/evidence/article-code.json is what the article's own §3.3 lines do under real numpy and scipy.
// Rerun the script that wrote it with the project's Python and compare (library versions aside).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(__dirname, "..");
const PYTHON = join(ROOT, ".venv", "bin", "python");
const missing = existsSync(PYTHON) ? undefined : `${PYTHON} is missing — run \`npm run setup\` (it installs numpy and scipy into .venv)`;

test("the committed evidence equals a fresh run of scripts/fixtures/article-code-evidence.py on numpy/scipy", { skip: process.env.CI === "true" ? false : missing }, () => {
  assert.equal(missing, undefined, missing);
  const out = join(mkdtempSync(join(tmpdir(), "article-code-")), "article-code.json");
  const run = spawnSync(PYTHON, [join(ROOT, "scripts", "fixtures", "article-code-evidence.py"), "--out", out], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const fresh = JSON.parse(readFileSync(out, "utf8"));
  const committed = JSON.parse(readFileSync(join(ROOT, "docs", "evidence", "article-code.json"), "utf8"));
  const { numpy, scipy, ...freshResults } = fresh;
  const { numpy: committedNumpy, scipy: committedScipy, ...committedResults } = committed;
  assert.deepEqual(freshResults, committedResults, `numpy ${numpy}/scipy ${scipy} now vs ${committedNumpy}/${committedScipy} committed`);
  assert.equal(fresh.outlierRemoval.maskAllTrue, true);
  assert.match(fresh.outlierRemoval.labelsError, /^IndexError/);
});
