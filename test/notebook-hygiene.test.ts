// The notebook rules, enforced: committed without outputs; what you will learn, a summary, 2–4 exercises with
// solutions and checkers, the collapsed checks cell last; short cells and lines; no translation machinery in code;
// figures in prose labelled as the full profile's — and every notebook#anchor link (README, docs, notebooks)
// resolves in the page nbconvert renders, not merely in the JSON.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { listNotebooks, ROOT } from "../scripts/notebooks";
import { anchorLinks, brokenLinks, helperDefinitions, notebookProblems, projectAnchorLinks, renderedIds, renderProblem, type HygieneProblem } from "../scripts/notebooks/notebook-hygiene";


for (const path of listNotebooks()) {
  const name = path.split("/").pop()!;
  test(`${name} follows the notebook rules`, () => {
    const problems = notebookProblems(path);
    assert.deepEqual(problems.map((p) => `${p.rule}: ${p.detail}`), []);
  });
}

// Rendering needs nbconvert from .venv: without it, a local run skips with the fix; CI fails.
const noRenderer = renderProblem();
const renderSkip = noRenderer !== undefined && process.env.CI !== "true" ? noRenderer : false;

test("every notebook#anchor link in README, docs and the notebooks lands on an id of the rendered page", { skip: renderSkip }, () => {
  assert.equal(noRenderer, undefined, noRenderer);
  const links = projectAnchorLinks(ROOT);
  assert.ok(links.length > 30, `anchor links found: ${links.length}`);
  assert.deepEqual(brokenLinks(links, renderedIds(join(ROOT, "notebooks"))).map((p) => p.detail), []);
});

test("the link check fails on a planted broken anchor and on a link to a missing one", { skip: renderSkip }, () => {
  assert.equal(noRenderer, undefined, noRenderer);
  const dir = mkdtempSync(join(tmpdir(), "hygiene-"));
  cpSync(join(ROOT, "notebooks", "05-math.ipynb"), join(dir, "05-math.ipynb"));
  const original = readFileSync(join(dir, "05-math.ipynb"), "utf8");
  assert.ok(original.includes('<a id=\\"e-model\\"></a>'), "05 has the e-model anchor to rename");
  writeFileSync(join(dir, "05-math.ipynb"), original.replace('<a id=\\"e-model\\"></a>', '<a id=\\"e-model-renamed\\"></a>'));
  const readme = "[proof](notebooks/05-math.ipynb#e-model) [fine](notebooks/05-math.ipynb#e-mnist) [typo](notebooks/05-math.ipynb#e-no-such-anchor)";
  const broken = brokenLinks(anchorLinks("README.md", readme), renderedIds(dir)).map((p) => p.detail);
  assert.deepEqual(broken, [
    "README.md links to 05-math.ipynb#e-model, which the rendered page does not contain",
    "README.md links to 05-math.ipynb#e-no-such-anchor, which the rendered page does not contain",
  ]);
});

test("an anchor that is in the JSON but in a code cell is not in the rendered page", { skip: renderSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "hygiene-"));
  writeFileSync(join(dir, "01-x.ipynb"), JSON.stringify(notebook([code('// <a id="in-code"></a>\nconst x = 1;'), markdown('<a id="in-markdown"></a>\n# Title')])));
  const ids = renderedIds(dir).get("01-x.ipynb")!;
  assert.ok(ids.has("in-markdown"));
  assert.ok(!ids.has("in-code"));
});

const GOOD = [
  markdown("# 01 · Title\n\n**What you will learn**\n\n- something"),
  code('import { startNotebook } from "mnist-prep/book";\nconst nb = await startNotebook();'),
  markdown("Prose citing <!-- figure:test-accuracy -->99.49%<!-- /figure --> (full profile)."),
  markdown("## Summary · 小结\n\n- a point\n\n**Exercise 1.** Do this."),
  exercise("01.1", "const a = 1;", "const a = 2;"),
  code('await checkExercise("01.1", a);'),
  markdown("**Exercise 2.** Do that."),
  exercise("01.2", "const b = 1;", "const b = 2;"),
  code('await checkExercise("01.2", b);'),
  checks("const { checks } = nb;\nchecks.that('x', true);\nchecks.done();"),
];

test("a notebook that follows the rules passes them", () => {
  const dir = mkdtempSync(join(tmpdir(), "hygiene-"));
  writeFileSync(join(dir, "01-good.ipynb"), JSON.stringify(notebook(GOOD)));
  assert.deepEqual(notebookProblems(join(dir, "01-good.ipynb")), []);
});

test("each rule catches its planted breach", () => {
  const dir = mkdtempSync(join(tmpdir(), "hygiene-"));
  const long = Array.from({ length: 21 }, (_, i) => `const v${i} = ${i};`).join("\n");
  const cases: Array<[HygieneProblem["rule"], object[]]> = [
    ["outputs", GOOD.map((c, i) => (i === 1 ? { ...c, outputs: [{ output_type: "stream", name: "stdout", text: ["1\n"] }], execution_count: 3 } : c))],
    ["anchor-in-code", GOOD.map((c, i) => (i === 1 ? code(`${text(c)}\n// <a id="e-x"></a>`) : c))],
    ["cell-length", [...GOOD.slice(0, 2), code(long), ...GOOD.slice(2)]],
    ["line-length", [...GOOD.slice(0, 2), code(`const x = "${"y".repeat(100)}";`), ...GOOD.slice(2)]],
    ["helper-in-notebook", [...GOOD.slice(0, 2), code(`function helper() {\n${"  f();\n".repeat(8)}}`), ...GOOD.slice(2)]],
    ["translation-in-code", [...GOOD.slice(0, 2), code("console.log(nb.t`text`);"), ...GOOD.slice(2)]],
    ["first-cell", [GOOD[0], code("const x = 1;"), ...GOOD.slice(2)]],
    ["checks-cell", [...GOOD.slice(0, -1), code("const { checks } = nb;\nchecks.done();")]],
    ["checks-cell", [...GOOD.slice(0, 2), code("nb.checks.that('early', true);"), ...GOOD.slice(2)]],
    ["structure", [markdown("# 01 · Title"), ...GOOD.slice(1)]],
    ["structure", GOOD.map((c, i) => (i === 3 ? markdown("**Exercise 1.** Do this.") : c))],
    ["exercise", GOOD.filter((_, i) => i < 6 || i === 9)],
    ["exercise", GOOD.map((c, i) => (i === 8 ? code("// no checker") : c))],
    ["exercise", GOOD.map((c, i) => (i === 7 ? exercise("01.3", "const b = 1;", "const b = 2;") : c))],
    ["figure-profile", GOOD.map((c, i) => (i === 2 ? markdown("Prose citing <!-- figure:test-accuracy -->99.49%<!-- /figure -->.") : c))],
  ];
  for (const [k, [rule, cells]] of cases.entries()) {
    writeFileSync(join(dir, `01-bad-${k}.ipynb`), JSON.stringify(notebook(cells)));
    const rules = notebookProblems(join(dir, `01-bad-${k}.ipynb`)).map((p) => p.rule);
    assert.ok(rules.includes(rule), `case ${k}: expected ${rule}, found ${rules.join(", ") || "nothing"}`);
  }
});

test("helperDefinitions: only functions longer than a few lines count", () => {
  assert.deepEqual(helperDefinitions("const pct = (x: number) => 100 * x;\nrows.map((r) => ({\n  a: r,\n}));\nxs.forEach((x) => {\n  use(x);\n});"), []);
  assert.equal(helperDefinitions(`async function go() {\n${"  f();\n".repeat(8)}}`).length, 1);
  assert.equal(helperDefinitions(`const g = function () {\n${"  f();\n".repeat(8)}};`).length, 1);
});

function notebook(cells: object[]) {
  return { cells, metadata: { kernelspec: { display_name: "TypeScript (tslab)", language: "typescript", name: "tslab" } }, nbformat: 4, nbformat_minor: 5 };
}
function code(source: string) {
  return { cell_type: "code", metadata: {}, source, outputs: [], execution_count: null };
}
function exercise(id: string, source: string, solution: string) {
  return { ...code(source), metadata: { mnist_prep: { exercise: id, solution } } };
}
function checks(source: string) {
  return { ...code(source), metadata: { mnist_prep: { checks: true }, jupyter: { source_hidden: true } } };
}
function text(cell: object): string {
  return String((cell as { source: string }).source);
}
function markdown(source: string) {
  return { cell_type: "markdown", metadata: {}, source };
}
