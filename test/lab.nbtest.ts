// End to end in the real front end: the project's JupyterLab on 127.0.0.1, every notebook opened in
// headless Chromium and run cell by cell on tslab (quick profile), saved, then reopened. Charts, digit
// images, tables and the checks cell must render, and nothing may leave the machine.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import {
  type JupyterServer,
  newLabPage,
  notebookWorkspace,
  openInLab,
  runAllAndSave,
  shutDownKernels,
  startJupyter,
  summarizePage,
  summarizeSavedNotebook,
  waitForCells,
} from "../scripts/notebooks/jupyter-ui";
import { listNotebooks, notebookPrerequisiteProblem, ROOT } from "../scripts/notebooks";
import { launchChromium } from "../scripts/notebooks/render-check";
import { browserMissing } from "./browser";

const skip = notebookPrerequisiteProblem() ?? browserMissing();
let browser: Browser | undefined;
let server: JupyterServer | undefined;
const report: Array<Record<string, unknown>> = [];

before(async () => {
  if (skip) return;
  server = await startJupyter("lab", notebookWorkspace("lab"), { MNIST_PROFILE: "quick" });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (report.length > 0) writeFileSync(join(ROOT, "build", "lab", "report.json"), JSON.stringify(report, null, 2) + "\n");
});

test("npm start serves JupyterLab with the tslab kernel", { skip: notebookPrerequisiteProblem() && "see the notebook prerequisites" }, async () => {
  const port = 20000 + (process.pid % 20000);
  const child = spawn("bash", [join(ROOT, "scripts", "start.sh"), "--no-browser", `--port=${port}`, "--ServerApp.token=", "--ServerApp.password="], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  try {
    const deadline = Date.now() + 90_000;
    let page = "";
    while (Date.now() < deadline && child.exitCode === null) {
      page = await fetch(`http://127.0.0.1:${port}/lab`).then((r) => (r.ok ? r.text() : ""), () => "");
      if (page) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(page, /JupyterLab/, `Lab answers on port ${port}; its log:\n${log.slice(-3000)}`);
    const specs = (await (await fetch(`http://127.0.0.1:${port}/api/kernelspecs`)).json()) as { kernelspecs: Record<string, { spec: { argv: string[] } }> };
    assert.equal(specs.kernelspecs.tslab?.spec.argv[1], join(ROOT, "node_modules", "tslab", "bin", "tslab"), "the tslab kernel of this repository");
    if (process.getuid?.() === 0) assert.match(log, /--allow-root/, "as root it says it adds --allow-root");
  } finally {
    child.kill("SIGTERM");
  }
});

for (const notebook of listNotebooks()) {
  const name = notebook.split("/").pop()!;
  test(`JupyterLab runs ${name} on tslab, renders it, and shows it again after reopening`, { skip: skip && `cannot run: ${skip}` }, async (t) => {
    const { page, outside } = await newLabPage(browser!, server!);
    const started = Date.now();
    try {
      await openInLab(page, server!, name);
      await runAllAndSave(page, 15 * 60_000);
      const seconds = (Date.now() - started) / 1000;
      const saved = summarizeSavedNotebook(join(server!.root, name));
      const live = await summarizePage(page);
      assert.equal(saved.executedCells, saved.codeCells, "every code cell ran");
      assert.deepEqual(saved.errors, [], "no error output");
      assert.ok(saved.passed > 0, "the checks cell printed its ✓ lines");
      assert.deepEqual(saved.failed, [], "no ✗ in the checks cell");
      assert.equal(live.errorOutputs, 0, "no error shown");
      assert.equal(live.plots, saved.plots, "plotly's Lab renderer took every chart");
      assert.equal(live.plotsShown, saved.plots, `${live.plotsShown} of ${saved.plots} charts drawn`);
      assert.equal(live.imagesDecoded, live.images, `${live.imagesDecoded} of ${live.images} images decoded`);
      assert.ok(live.images >= saved.digitImages, `digit images shown: ${live.images} for ${saved.digitImages} saved`);
      assert.equal(live.tables, saved.tables, "every table rendered");
      if (name.startsWith("06")) {
        // The progress area opens with how the steps run (compiled, or op by op and why), then the epochs.
        const progress = page.locator(".jp-OutputArea-output", { hasText: /(^|\n)epoch \d+\/\d+/ });
        assert.equal(await progress.count(), 1, "the training progress line is one output, updated in place");
        assert.match((await progress.textContent()) ?? "", /^training steps (compiled into one TensorFlow call|run op by op: )/);
      }
      // The checks of the article's claims: their code collapsed, their result one line that opens into the list.
      const checksCell = page.locator(".jp-CodeCell").last();
      assert.equal(await checksCell.locator(".jp-InputPlaceholder").count(), 1, "the checks cell's code is collapsed");
      const checks = checksCell.locator("details.mnist-prep-checks");
      assert.equal(await checks.count(), 1, "the checks show as one <details>");
      assert.equal(await checks.getAttribute("open"), null, "closed: one line");
      assert.match(await checks.locator("summary").innerText(), /^✓ \d+\/\d+ checks passed$/);
      // Each exercise, unedited, answers with a hint.
      const verdicts = await page.locator(".mnist-prep-exercise").allInnerTexts();
      assert.ok(verdicts.length >= 2 && verdicts.length <= 4 && verdicts.every((v) => /^💡 Exercise \d, hint:/.test(v)), `exercise hints: ${verdicts.join(" | ")}`);

      await shutDownKernels(server!);
      await page.reload({ waitUntil: "domcontentloaded" });
      await waitForCells(page, saved.cells);
      const reopened = await summarizePage(page);
      assert.equal(reopened.plotsShown, saved.plots, `after reopening: ${reopened.plotsShown} of ${saved.plots} charts shown`);
      assert.equal(reopened.imagesDecoded, reopened.images, "after reopening: images decode");
      assert.equal(reopened.tables, saved.tables, "after reopening: tables");
      assert.deepEqual(outside, [], "no request leaves 127.0.0.1");

      const bytes = statSync(join(server!.root, name)).size;
      report.push({ notebook: name, seconds, bytes, ...saved, shownLive: live.plotsShown, shownReopened: reopened.plotsShown });
      t.diagnostic(`${name}: ran in ${seconds.toFixed(0)} s, saved ${(bytes / 1024).toFixed(0)} KB, ${saved.plots} charts, ${live.images} images, ${saved.tables} tables, ${saved.passed} checks ✓`);
    } catch (error) {
      await page.screenshot({ path: join(ROOT, "build", "lab", `${name}.failed.png`) }).catch(() => undefined);
      throw error;
    } finally {
      await shutDownKernels(server!).catch(() => undefined);
      await page.close();
    }
  });
}

// The 中文 edition in the real front end: one zh notebook with charts, run in Lab. Its chart titles
// are drawn in Chinese (plotly's SVG text), with a Chinese font installed so they are glyphs, not boxes.
const ZH_IN_LAB = ["06-training.ipynb", "04-augmentation.ipynb", "09-deployment.ipynb"];
const zhInLab = ZH_IN_LAB.find((name) => listNotebooks("zh").some((nb) => nb.endsWith(`/zh/${name}`)));

test("a Chinese font is installed for the 中文 charts (fc-list :lang=zh)", { skip: skip && `no front-end tests: ${skip}` }, () => {
  const fonts = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  assert.equal(fonts.error, undefined, "fontconfig's fc-list is available");
  assert.ok(fonts.stdout.trim().length > 0, "a font covering Chinese: apt-get install fonts-noto-cjk (npm run setup does)");
});

if (!zhInLab) test("JupyterLab runs a 中文 notebook", { todo: `none of ${ZH_IN_LAB.join(", ")} is in notebooks/zh/ yet` });
else test(`JupyterLab runs the 中文 notebook zh/${zhInLab} and draws Chinese chart titles and check lines`, { skip: skip && `cannot run: ${skip}` }, async () => {
  const name = `zh/${zhInLab}`;
  const { page, outside } = await newLabPage(browser!, server!);
  try {
    await openInLab(page, server!, name);
    await runAllAndSave(page, 15 * 60_000);
    const saved = summarizeSavedNotebook(join(server!.root, name));
    const live = await summarizePage(page);
    assert.deepEqual(saved.errors, [], "no error output");
    assert.ok(saved.passed > 0 && saved.failed.length === 0, "the checks cell passed");
    assert.ok(saved.plots > 0 && live.plotsShown === saved.plots, `${live.plotsShown} of ${saved.plots} charts drawn`);
    const titles = await page.locator(".jp-RenderedPlotly svg .gtitle").allTextContents();
    // Chinese titles drawn; none left in English words (a bare formula or parameter name needs no translation).
    const cjk = (title: string) => /[\u4e00-\u9fff]/.test(title);
    assert.ok(titles.some(cjk) && titles.every((title) => cjk(title) || (title.match(/[A-Za-z]{2,}/g) ?? []).length < 3), `chart titles drawn in Chinese: ${titles.join(" | ")}`);
    assert.match(await page.locator("details.mnist-prep-checks summary").innerText(), /^✓ \d+\/\d+ 项检查通过$/, "the checks summary shown in Chinese");
    const verdicts = await page.locator(".mnist-prep-exercise").allInnerTexts();
    assert.ok(verdicts.length > 0 && verdicts.every((v) => /^💡 练习 \d 提示：/.test(v)), `exercise hints in Chinese: ${verdicts.join(" | ")}`);
    assert.deepEqual(outside, [], "no request leaves 127.0.0.1");
  } catch (error) {
    await page.screenshot({ path: join(ROOT, "build", "lab", "zh.failed.png") }).catch(() => undefined);
    throw error;
  } finally {
    await shutDownKernels(server!).catch(() => undefined);
    await page.close();
  }
});
