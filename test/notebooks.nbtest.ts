// Executes every notebook headless in the quick profile (part of `npm test`), exports it to HTML
// and opens that in headless Chromium: every plotly chart must draw, no request may leave the
// machine; then every 中文 notebook (notebooks/zh/), checked for Chinese output. Fails with a hint
// when Jupyter or the tslab kernel is missing.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Browser } from "playwright-core";
import { describeFailure, executeNotebook, exportHtml, listNotebooks, notebookPrerequisiteProblem, ROOT, runRecord } from "../scripts/notebooks";
import { startJupyter, viewInNotebook7 } from "../scripts/notebooks/jupyter-ui";
import { checkRenderedHtml, launchChromium } from "../scripts/notebooks/render-check";
import { addStaticFigures } from "../scripts/notebooks/static-figures";
import { browserMissing, browserSkipReason } from "./browser";

const problem = notebookPrerequisiteProblem();
const noBrowser = browserMissing();
let browser: Browser | undefined;
after(async () => browser?.close());

test("Jupyter and the tslab kernel are ready", () => {
  assert.equal(problem, undefined, problem);
});

test("a browser for the rendering checks", { skip: browserSkipReason() }, () => {
  assert.equal(noBrowser, undefined, `${noBrowser}; only MNIST_SKIP_BROWSER=1 skips the rendering checks`);
});

test("the render check notices an undrawn chart and an outgoing request", { skip: noBrowser }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "render-check-"));
  const page = join(dir, "broken.html");
  writeFileSync(page, `<div class="mnist-prep-plot"></div><img src="http://example.invalid/x.png">`);
  browser ??= await launchChromium();
  const report = await checkRenderedHtml(browser, page, 3000);
  assert.equal(report.charts, 1);
  assert.equal(report.drawn, 0);
  assert.deepEqual(report.external, ["http://example.invalid/x.png"]);
});

for (const notebook of listNotebooks()) {
  const name = notebook.split("/").pop()!;
  test(`notebook ${name} executes in the quick profile and renders offline`, { skip: problem !== undefined && "see the prerequisite test" }, async (t) => {
    const progress: string[] = [];
    const run = await executeNotebook(notebook, {
      outDir: join(ROOT, "build", "test"),
      env: { MNIST_PROFILE: "quick", MNIST_PROGRESS_SECONDS: "0" },
      html: true,
      exercises: true,
      onEvent: (event) => void (event.event === "progress" && progress.push(event.text)),
    });
    console.log(`${run.notebook}: ${run.ok ? "ok" : "FAILED"} in ${run.seconds.toFixed(1)} s`);
    assert.ok(run.ok, describeFailure(run));
    // Every exercise, as the learner finds it, gets a hint; its solution, run after the notebook, gets ✓.
    const { exercises, figures } = runRecord(run.output);
    const ids = Object.keys(exercises);
    assert.ok(ids.length >= 2 && ids.length <= 4, `2–4 exercises, found ${ids.join(", ") || "none"}`);
    for (const [id, verdicts] of Object.entries(exercises)) {
      assert.equal(verdicts.unedited?.ok, false, `exercise ${id}, unedited: a hint, not ${JSON.stringify(verdicts.unedited)}`);
      assert.ok(verdicts.unedited?.hint, `exercise ${id}, unedited: the hint says something`);
      assert.equal(verdicts.solution?.ok, true, `exercise ${id}: its solution is accepted, not ${JSON.stringify(verdicts.solution)}`);
    }
    const named = (JSON.parse(readFileSync(notebook, "utf8")) as { metadata?: { mnist_prep?: { figures?: object } } }).metadata?.mnist_prep?.figures ?? {};
    assert.deepEqual(Object.keys(figures).sort(), Object.keys(named).sort(), "every figure the notebook names has a value");
    for (const [key, f] of Object.entries(figures)) assert.ok(f.value !== null && f.value !== undefined && f.value !== "", `figure ${key} has a value`);
    // A running cell's output reaches `npm run reproduce` as progress (there, at most every 20 s).
    assert.ok(progress.length > 0, "progress events while cells run");
    if (name.startsWith("06")) assert.ok(progress.some((p) => /^epoch 1\/\d+ /.test(p)), `the training line among the progress events: ${progress.slice(0, 5).join(" | ")}`);
    if (noBrowser) {
      t.diagnostic(`rendering not checked: ${noBrowser}`);
      return;
    }
    browser ??= await launchChromium();
    const report = await checkRenderedHtml(browser, run.html!);
    assert.deepEqual(report.external, [], "no request leaves the machine");
    assert.equal(report.drawn, report.charts, `${report.drawn} of ${report.charts} plotly charts drew their SVG`);
    assert.deepEqual(report.pageErrors, [], "the page throws no errors");
    // Everything the page runs is inside it (nbconvert's template would load require.js and MathJax
    // from a CDN with pip's nbconvert, or from /usr/share with Debian's).
    const page = readFileSync(run.html!, "utf8");
    assert.deepEqual(page.match(/<script[^>]*\ssrc="[^"]*"/g) ?? [], [], "no script loaded from elsewhere");
    const notebookHasMath = (JSON.parse(readFileSync(notebook, "utf8")) as { cells: Array<{ cell_type: string; source: string | string[] }> })
      .cells.some((c) => c.cell_type === "markdown" && /\$[^$\n]+\$|\$\$/.test(([] as string[]).concat(c.source).join("")));
    if (notebookHasMath) assert.ok(report.formulas > 0, `formulas typeset by the inlined MathJax: ${report.formulas}`);
    if (report.charts > 0) {
      // Static fallbacks for viewers without JavaScript: every chart gets a PNG, and the HTML still renders.
      assert.equal(await addStaticFigures(browser, run.output), report.charts);
      const outputs = (JSON.parse(readFileSync(run.output, "utf8")) as { cells: Array<{ outputs?: Array<{ data?: Record<string, unknown> }> }> })
        .cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.["application/vnd.plotly.v1+json"]);
      for (const o of outputs) {
        assert.ok(Buffer.from(String(o.data!["image/png"]), "base64").length > 2000, "a real PNG, not an empty one");
        const html = ([] as string[]).concat(o.data!["text/html"] as string | string[]).join("");
        assert.ok(/class="mnist-prep-plot"[^>]*><img src="data:image\/png;base64,/.test(html), "the chart's HTML starts with its static image");
      }
      exportHtml(run.output, run.html!);
      const again = await checkRenderedHtml(browser, run.html!);
      assert.equal(again.drawn, again.charts, "with static images in place, the live charts still draw");
    }
  });
}

// The 中文 edition: every notebooks/zh/ notebook runs headless in the quick profile too (no HTML: the
// rendering is the English one's, the code being the same), and speaks Chinese in what it shows.
const CJK = /[\u4e00-\u9fff]/;
type Executed = { cells: Array<{ cell_type: string; outputs?: Array<{ text?: string | string[]; data?: Record<string, unknown> }> }> };
const zhNames = new Set(listNotebooks("zh").map((nb) => nb.split("/").pop()!));
for (const notebook of listNotebooks()) {
  const name = notebook.split("/").pop()!;
  if (!zhNames.has(name)) {
    test(`中文 notebook zh/${name} executes in the quick profile`, { todo: `notebooks/zh/${name} does not exist yet: translate it (npx tsx scripts/editions/editions.ts --stub ${name.slice(0, 2)}, then npx tsx scripts/editions/editions.ts)` });
    continue;
  }
  test(`中文 notebook zh/${name} executes in the quick profile and shows Chinese check lines and chart titles`, { skip: problem !== undefined && "see the prerequisite test" }, async () => {
    const run = await executeNotebook(join(ROOT, "notebooks", "zh", name), { outDir: join(ROOT, "build", "test-zh"), env: { MNIST_PROFILE: "quick", MNIST_PROGRESS_SECONDS: "0" }, exercises: true });
    console.log(`zh/${run.notebook}: ${run.ok ? "ok" : "FAILED"} in ${run.seconds.toFixed(1)} s`);
    assert.ok(run.ok, describeFailure(run));
    for (const [id, verdicts] of Object.entries(runRecord(run.output).exercises)) {
      assert.ok(verdicts.unedited?.ok === false && CJK.test(verdicts.unedited.hint ?? ""), `练习 ${id}: a hint in Chinese, not ${JSON.stringify(verdicts.unedited)}`);
      assert.equal(verdicts.solution?.ok, true, `练习 ${id}: the 中文 edition's solution is accepted`);
    }
    const outputs = (JSON.parse(readFileSync(run.output, "utf8")) as Executed).cells.flatMap((c) => c.outputs ?? []);
    const text = outputs.map((o) => ([] as string[]).concat(o.text ?? (o.data?.["text/plain"] as string | string[] | undefined) ?? []).join("") + "\n").join("");
    assert.match(text, /运行配置：quick（/, "the opening lines in Chinese");
    assert.match(text, /\d+\/\d+ 项检查通过/, "the checks cell's summary in Chinese");
    const claims = text.split("\n").filter((l) => /^[✓✗] /.test(l));
    assert.ok(claims.length > 0, "the checks cell printed its ✓ lines");
    // A claim with English words and no Chinese is one the catalogue missed (a bare formula, or code such
    // as formulas.ts = tf.matMul, needs no words).
    const english = (text: string) => !CJK.test(text) && (text.replace(/[\w$]+(?:\.[\w$]+)+/g, "").match(/[A-Za-z]{2,}/g) ?? []).length >= 2;
    assert.deepEqual(claims.filter((l) => english(l.split(" — ")[0])), [], "every check claim in Chinese");
    const titles = outputs.flatMap((o) => {
      const figure = o.data?.["application/vnd.plotly.v1+json"] as { layout?: { title?: { text?: string } | string } } | undefined;
      const title = typeof figure?.layout?.title === "string" ? figure.layout.title : figure?.layout?.title?.text;
      return title ? [title] : [];
    });
    // A title of three or more English words and no Chinese is one the catalogue missed.
    assert.deepEqual(titles.filter((title) => english(title) && (title.match(/[A-Za-z]{2,}/g) ?? []).length >= 3), [], "chart titles in Chinese");
    if (name.startsWith("09")) assert.ok(titles.length > 0 && titles.every((title) => CJK.test(title)), `09's chart titles: ${titles.join(" | ")}`);
  });
}

// The same executed notebooks opened in Notebook 7 (`jupyter notebook`): their saved plotly outputs
// must show there too (plotly's renderer draws them, or shows the static image saved with them).
test("executed notebooks show their charts in Notebook 7", { skip: (problem !== undefined && "see the prerequisite test") || noBrowser }, async () => {
  const dir = join(ROOT, "build", "test");
  const withCharts = listNotebooks()
    .map((nb) => nb.split("/").pop()!)
    .filter((name) => existsSync(join(dir, name)))
    .map((name) => ({ name, charts: (readFileSync(join(dir, name), "utf8").match(/"application\/vnd\.plotly\.v1\+json"/g) ?? []).length }))
    .filter((nb) => nb.charts > 0);
  assert.ok(withCharts.length >= 5, `executed notebooks with charts in build/test: ${withCharts.map((nb) => nb.name).join(", ")}`);
  const server = await startJupyter("notebook", dir);
  try {
    browser ??= await launchChromium();
    for (const nb of withCharts) {
      const report = await viewInNotebook7(browser, server, nb.name);
      assert.equal(report.plots, nb.charts, `${nb.name}: plotly's renderer took all ${nb.charts} charts`);
      assert.equal(report.plotsShown, nb.charts, `${nb.name}: ${report.plotsShown} of ${nb.charts} charts shown in Notebook 7`);
      assert.deepEqual(report.outside, [], `${nb.name}: no request leaves 127.0.0.1`);
    }
  } finally {
    await server.stop();
  }
});

// The wasm fallback must not rot while CI runs on native: notebook 06 (training) once more on wasm.
test("notebook 06 executes on the wasm fallback (MNIST_BACKEND=wasm, quick profile)", { skip: problem !== undefined && "see the prerequisite test" }, async () => {
  const notebook = listNotebooks().find((n) => n.split("/").pop()!.startsWith("06"))!;
  const run = await executeNotebook(notebook, { outDir: join(ROOT, "build", "test-wasm"), env: { MNIST_PROFILE: "quick", MNIST_PROGRESS_SECONDS: "0", MNIST_BACKEND: "wasm" } });
  console.log(`${run.notebook} on wasm: ${run.ok ? "ok" : "FAILED"} in ${run.seconds.toFixed(1)} s`);
  assert.ok(run.ok, describeFailure(run));
  assert.match(readFileSync(run.output, "utf8"), /backend: wasm — forced by MNIST_BACKEND=wasm/);
});
