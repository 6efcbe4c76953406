// Executes notebooks headless with Jupyter's nbconvert and the tslab kernel.
// Shared by `npm test` (quick profile) and `npm run reproduce`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..");
export const NOTEBOOK_DIR = join(ROOT, "notebooks");

/** The notebooks in reading order (01-…, 02-…). */
export function listNotebooks(): string[] {
  return readdirSync(NOTEBOOK_DIR).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort().map((f) => join(NOTEBOOK_DIR, f));
}

/** Why notebooks cannot run here, with the fix; undefined when Jupyter and the kernel are ready. */
export function notebookPrerequisiteProblem(): string | undefined {
  const nbconvert = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" });
  if (nbconvert.status !== 0) return "Jupyter's nbconvert is missing (expected `jupyter nbconvert`) — run `npm run setup`.";
  const dataDir = spawnSync("jupyter", ["--data-dir"], { encoding: "utf8" }).stdout.trim();
  if (!existsSync(join(dataDir, "kernels", "tslab", "kernel.json"))) {
    return `the tslab kernel is not registered (expected ${join(dataDir, "kernels", "tslab", "kernel.json")}) — run \`npm run setup\`.`;
  }
  if (!existsSync(join(ROOT, "dist", "index.js"))) return "the package is not built (expected dist/index.js) — run `npm run build`.";
  return undefined;
}

/** Result of executing one notebook. */
export interface NotebookRun {
  notebook: string;
  output: string;
  ok: boolean;
  seconds: number;
  log: string;
}

/** Executes `notebook` into `outDir` (same name) with `env` added; `formats` adds e.g. "html". */
export function executeNotebook(notebook: string, options: { outDir: string; env?: Record<string, string>; formats?: string[] }): Promise<NotebookRun> {
  mkdirSync(options.outDir, { recursive: true });
  const started = Date.now();
  const args = [
    "nbconvert", "--to", "notebook", "--execute",
    "--ExecutePreprocessor.kernel_name=tslab",
    "--ExecutePreprocessor.timeout=-1",
    "--ExecutePreprocessor.startup_timeout=120",
    "--output-dir", options.outDir, notebook,
  ];
  return new Promise((resolvePromise) => {
    const child = spawn("jupyter", args, { cwd: NOTEBOOK_DIR, env: { ...process.env, ...options.env } });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("close", (code) => {
      resolvePromise({
        notebook: basename(notebook),
        output: join(options.outDir, basename(notebook)),
        ok: code === 0,
        seconds: (Date.now() - started) / 1000,
        log,
      });
    });
  });
}
