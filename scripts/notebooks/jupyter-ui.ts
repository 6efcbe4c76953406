// Drives the real Jupyter front ends in headless Chromium: starts the project's JupyterLab (or
// Notebook 7) on 127.0.0.1, runs a notebook's cells in Lab on the tslab kernel, saves it, and
// reports what rendered. Used by the Lab end-to-end test and the screenshot script.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { jupyterCommand, listNotebooks, ROOT } from ".";

/** A Jupyter server on 127.0.0.1, without token, for tests. */
export interface JupyterServer {
  url: string;
  /** The directory it serves. */
  root: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * Starts `jupyter lab` or `jupyter notebook` (Notebook 7) serving `root`, with `env` added to the
 * kernels' environment, and waits until it answers. Lab's news prompt is switched off (it would ask
 * to fetch from the internet), in a settings directory of its own so the user's stay untouched.
 */
export async function startJupyter(app: "lab" | "notebook", root: string, env: Record<string, string> = {}, timeoutMs = 60000): Promise<JupyterServer> {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), "mnist-prep-jupyter-"));
  const settings = join(state, "settings", "@jupyterlab", "apputils-extension");
  mkdirSync(settings, { recursive: true });
  writeFileSync(join(settings, "notification.jupyterlab-settings"), JSON.stringify({ fetchNews: "false", checkForUpdates: false }));
  const args = [app, "--no-browser", "--ip=127.0.0.1", `--port=${port}`, `--ServerApp.root_dir=${root}`, "--ServerApp.token=", "--ServerApp.password=",
    "--allow-root", `--LabApp.user_settings_dir=${join(state, "settings")}`, `--LabApp.workspaces_dir=${join(state, "workspaces")}`];
  const child = spawn(jupyterCommand(), args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env, JUPYTER_RUNTIME_DIR: join(state, "runtime") } });
  let log = "";
  child.stderr.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/api`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`jupyter ${app} did not start on ${url} (exit code ${child.exitCode}):\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    root,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(state, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}

/**
 * A working copy of the notebooks for a front-end run, at the same depth as notebooks/ so their
 * relative paths (../build/models, ../dist/web, ../docs) resolve as in the repository:
 * build/<name>/notebooks (the 中文 edition in its zh/ folder), beside links to the repository's
 * build/, dist/ and docs/.
 */
export function notebookWorkspace(name: string): string {
  const base = join(ROOT, "build", name);
  rmSync(base, { recursive: true, force: true });
  mkdirSync(join(base, "notebooks"), { recursive: true });
  for (const nb of listNotebooks()) cpSync(nb, join(base, "notebooks", nb.split("/").pop()!));
  mkdirSync(join(base, "notebooks", "zh"), { recursive: true });
  for (const nb of listNotebooks("zh")) cpSync(nb, join(base, "notebooks", "zh", nb.split("/").pop()!));
  symlinkSync("..", join(base, "build"));
  symlinkSync(join(ROOT, "dist"), join(base, "dist"));
  symlinkSync(join(ROOT, "docs"), join(base, "docs"));
  return join(base, "notebooks");
}

/** Blocks and records every request that leaves `origin` (they never go out). */
export async function recordOutsideRequests(page: Page, origin: string): Promise<string[]> {
  const outside: string[] = [];
  await page.route((url) => url.origin !== origin && !/^(data|blob|about):/.test(url.href), async (route) => {
    outside.push(route.request().url());
    await route.abort();
  });
  return outside;
}

type SavedOutput = { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> };
type SavedNotebook = { cells: Array<{ cell_type: string; source: string | string[]; outputs?: SavedOutput[] }> };
const joined = (text: unknown) => ([] as string[]).concat((text as string | string[] | undefined) ?? []).join("");

/** What a saved notebook holds, counted from its file. */
export interface SavedNotebookSummary {
  cells: number;
  codeCells: number;
  executedCells: number;
  errors: string[];
  plots: number;
  /** Plots saved with a PNG of the drawn chart (plotly's Lab renderer adds it). */
  plotsWithImage: number;
  digitImages: number;
  tables: number;
  /** The checks cell's ✓ and ✗ lines. */
  passed: number;
  failed: string[];
  /** Largest output of one cell, in bytes of JSON. */
  largestCellOutput: number;
}

/** Reads a notebook file and counts its outputs (what a front end saved). */
export function summarizeSavedNotebook(path: string): SavedNotebookSummary {
  const nb = JSON.parse(readFileSync(path, "utf8")) as SavedNotebook;
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const outputs = code.flatMap((c) => c.outputs ?? []);
  const html = outputs.map((o) => joined(o.data?.["text/html"]));
  const text = outputs.map((o) => (o.output_type === "stream" ? joined(o.text) : joined(o.data?.["text/plain"]))).join("\n");
  return {
    cells: nb.cells.length,
    codeCells: code.length,
    executedCells: code.filter((c) => (c as { execution_count?: number | null }).execution_count != null).length,
    errors: outputs.filter((o) => o.output_type === "error").map((o) => `${(o as { ename?: string }).ename}: ${(o as { evalue?: string }).evalue}`),
    plots: outputs.filter((o) => o.data?.["application/vnd.plotly.v1+json"]).length,
    plotsWithImage: outputs.filter((o) => o.data?.["application/vnd.plotly.v1+json"] && o.data["image/png"]).length,
    digitImages: html.reduce((n, h) => n + (h.match(/<img src="data:image\/png;base64,/g) ?? []).length, 0),
    tables: html.reduce((n, h) => n + (h.match(/class="mnist-prep-table"/g) ?? []).length, 0),
    passed: (text.match(/^✓/gm) ?? []).length,
    failed: text.match(/^✗.*$/gm) ?? [],
    largestCellOutput: Math.max(0, ...code.map((c) => JSON.stringify(c.outputs ?? []).length)),
  };
}

/** What the open notebook page shows. */
export interface PageSummary {
  /** Plotly outputs, and of those how many show a drawn chart or its saved image. */
  plots: number;
  plotsShown: number;
  /** Images inside outputs (digit tiles, PNGs), and of those how many decoded. */
  images: number;
  imagesDecoded: number;
  tables: number;
  errorOutputs: number;
}

/** Scrolls the open notebook from top to bottom, a screen at a time, so every output lays out and draws. */
async function scrollThrough(page: Page): Promise<void> {
  for (let step = 0; step < 400; step++) {
    const atEnd = await page.evaluate((first) => {
      const scroller = document.querySelector(".jp-mod-current .jp-WindowedPanel-outer, .jp-NotebookPanel .jp-WindowedPanel-outer") as HTMLElement | null;
      if (!scroller) return true;
      if (first) scroller.scrollTop = 0;
      else scroller.scrollTop += scroller.clientHeight * 0.8;
      return scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
    }, step === 0);
    await page.waitForTimeout(150);
    if (atEnd && step > 0) return;
  }
}

/** Counts what the notebook in `page` renders, after scrolling through it and waiting for its charts. */
export async function summarizePage(page: Page): Promise<PageSummary> {
  await scrollThrough(page);
  await page
    .waitForFunction(
      () =>
        Array.from(document.querySelectorAll(".jp-RenderedPlotly")).every((p) => p.querySelector(".plot-container svg.main-svg") || (p.querySelector("img.plot-img") as HTMLImageElement | null)?.naturalWidth),
      undefined,
      { timeout: 30000, polling: 500 },
    )
    .catch(() => undefined);
  return page.evaluate(() => {
    const plots = Array.from(document.querySelectorAll(".jp-RenderedPlotly"));
    const images = Array.from(document.querySelectorAll(".jp-OutputArea-output img:not(.plot-img)")) as HTMLImageElement[];
    return {
      plots: plots.length,
      plotsShown: plots.filter((p) => {
        const image = p.querySelector("img.plot-img") as HTMLImageElement | null;
        const imageShown = !!image && image.naturalWidth > 0 && getComputedStyle(image).display !== "none";
        return !!p.querySelector(".plot-container svg.main-svg") || imageShown;
      }).length,
      images: images.length,
      imagesDecoded: images.filter((i) => i.complete && i.naturalWidth > 0).length,
      tables: document.querySelectorAll(".jp-OutputArea-output table.mnist-prep-table").length,
      errorOutputs: document.querySelectorAll(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] .jp-RenderedText pre").length,
    };
  });
}

/** Waits until the open notebook shows all `cells` cells of its file. */
export async function waitForCells(page: Page, cells: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll(".jp-Notebook .jp-Cell").length === n, cells, { timeout: 60000, polling: 250 });
}

/** Opens `name` in JupyterLab and waits until its tslab kernel is idle. */
export async function openInLab(page: Page, server: JupyterServer, name: string): Promise<void> {
  // ?reset: a fresh workspace each time, not the tabs (and dead kernels) of the previous notebook.
  await page.goto(`${server.url}/lab/tree/${name.split("/").map(encodeURIComponent).join("/")}?reset`, { waitUntil: "domcontentloaded" });
  await waitForCells(page, (JSON.parse(readFileSync(join(server.root, name), "utf8")) as SavedNotebook).cells.length);
  await page.waitForFunction(() => /TypeScript \(tslab\) \| Idle/.test(document.querySelector(".jp-StatusBar-Widget, #jp-main-statusbar")?.textContent ?? ""), undefined, { timeout: 90000, polling: 250 });
}

/**
 * Runs every cell of the open notebook through Lab's Run menu, waits for the last, lets every chart
 * draw (plotly's renderer then stores a PNG of it in the notebook), and saves.
 */
export async function runAllAndSave(page: Page, timeoutMs: number): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
  // Done when the kernel has stayed idle for 3 s and every cell ran, or Lab stopped at an error.
  let idleSince = 0;
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const state = await page.evaluate(() => ({
      idle: /\| Idle/.test(document.querySelector("#jp-main-statusbar")?.textContent ?? ""),
      // A cell whose code is collapsed (the checks) shows no prompt: its output area says whether it ran.
      prompts: Array.from(document.querySelectorAll(".jp-CodeCell")).map((cell) =>
        cell.querySelector(".jp-InputPlaceholder") ? (cell.querySelector(".jp-OutputArea-output") ? "[ran]" : cell.classList.contains("jp-mod-running") ? "[*]" : "[ ]") : cell.querySelector(".jp-InputPrompt")?.textContent ?? ""),
      errors: Array.from(document.querySelectorAll(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).map((e) => e.textContent ?? ""),
    }));
    const running = state.prompts.some((p) => p.includes("*"));
    idleSince = state.idle && !running ? idleSince || Date.now() : 0;
    if (idleSince && Date.now() - idleSince > 3000) {
      const notRun = state.prompts.filter((p) => !/\[(\d+|ran)\]/.test(p)).length;
      if (notRun === 0) break;
      throw new Error(`Lab stopped with ${notRun} of ${state.prompts.length} code cells not run; error output:\n${state.errors.join("\n").slice(-3000)}`);
    }
    if (Date.now() > deadline) throw new Error(`cells still running after ${timeoutMs / 1000} s: ${state.prompts.join(" ")}`);
    await page.waitForTimeout(1000);
  }
  await summarizePage(page);
  await page.waitForTimeout(1000);
  await page.locator(".jp-Notebook").first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+s");
  await page.waitForFunction(() => !document.querySelector(".jp-mod-current.jp-mod-dirty, .lm-TabBar-tab.lm-mod-current.jp-mod-dirty"), undefined, { timeout: 30000 });
}

/** Shuts down every kernel of `server` (one notebook's kernel at a time keeps memory low). */
export async function shutDownKernels(server: JupyterServer): Promise<void> {
  const sessions = (await (await fetch(`${server.url}/api/sessions`)).json()) as Array<{ id: string }>;
  for (const s of sessions) await fetch(`${server.url}/api/sessions/${s.id}`, { method: "DELETE" });
}

/** A browser page sized like a laptop screen, with outside requests blocked and recorded. */
export async function newLabPage(browser: Browser, server: JupyterServer): Promise<{ page: Page; outside: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const outside = await recordOutsideRequests(page, new URL(server.url).origin);
  return { page, outside };
}

/** Opens a saved notebook in Notebook 7 (no kernel needed) and counts what it shows. */
export async function viewInNotebook7(browser: Browser, server: JupyterServer, name: string): Promise<PageSummary & { outside: string[] }> {
  const { page, outside } = await newLabPage(browser, server);
  try {
    await page.goto(`${server.url}/notebooks/${encodeURIComponent(name)}`, { waitUntil: "domcontentloaded" });
    await waitForCells(page, (JSON.parse(readFileSync(join(server.root, name), "utf8")) as SavedNotebook).cells.length);
    return { ...(await summarizePage(page)), outside };
  } finally {
    await page.close();
  }
}
