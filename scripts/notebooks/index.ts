// Executes notebooks headless with the tslab kernel through nbclient (scripts/notebooks/execute_notebook.py),
// reporting progress per cell. Shared by `npm test` (quick profile) and `npm run reproduce`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");
export const NOTEBOOK_DIR = join(ROOT, "notebooks");

/** The notebooks of an edition in reading order (01-…, 02-…): English in notebooks/, 中文 in notebooks/zh/. */
export function listNotebooks(lang: "en" | "zh" = "en"): string[] {
  const dir = lang === "en" ? NOTEBOOK_DIR : join(NOTEBOOK_DIR, "zh");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort().map((f) => join(dir, f));
}

/** The `jupyter` command the project uses: MNIST_JUPYTER, else the project's own .venv. */
export function jupyterCommand(): string {
  return process.env.MNIST_JUPYTER || join(ROOT, ".venv", "bin", "jupyter");
}

/** The Python of that Jupyter (it runs nbclient and nbconvert), read from the command's shebang. */
export function jupyterPython(): string | undefined {
  const jupyter = jupyterCommand();
  if (!existsSync(jupyter)) return undefined;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(readFileSync(jupyter, "utf8").split("\n")[0]);
  if (!shebang) return undefined;
  return shebang[1].endsWith("/env") ? shebang[2] : shebang[1];
}

const missingJupyter = () => `Jupyter is missing (expected ${jupyterCommand()}) — run \`npm run setup\` (or set MNIST_JUPYTER, see environment.md).`;

/** The Python that runs nbclient and nbconvert; throws with the fix when Jupyter is missing. */
function notebookPython(): string {
  const python = jupyterPython();
  if (!python) throw new Error(missingJupyter());
  return python;
}

/** Why notebooks cannot run here, with the fix; undefined when Jupyter and the kernel are ready. */
export function notebookPrerequisiteProblem(): string | undefined {
  const python = jupyterPython();
  if (!python) return missingJupyter();
  const imports = spawnSync(python, ["-c", "import nbclient, nbconvert, nbformat"], { encoding: "utf8" });
  if (imports.status !== 0) return `${python} cannot import nbclient/nbconvert — run \`npm run setup\`.`;
  const listed = spawnSync(jupyterCommand(), ["kernelspec", "list", "--json"], { encoding: "utf8" });
  const tslab = (JSON.parse(listed.stdout || "{}") as { kernelspecs?: Record<string, { resource_dir: string; spec: { argv: string[] } }> }).kernelspecs?.tslab;
  if (!tslab) return `${jupyterCommand()} lists no tslab kernel — run \`npm run setup\`.`;
  const argv = tslab.spec.argv;
  if (!argv.every((part, i) => i > 1 || existsSync(part))) return `the tslab kernel in ${tslab.resource_dir} points at a missing ${argv.slice(0, 2).join(" ")} — run \`node scripts/setup/register-kernel.mjs\`.`;
  if (!existsSync(join(ROOT, "dist", "index.js"))) return "the package is not built (expected dist/index.js) — run `npm run build`.";
  return undefined;
}

/** Progress events from the executor. */
export type NotebookEvent =
  | { event: "start"; cells: number }
  | { event: "cell-start"; index: number }
  | { event: "cell"; index: number; seconds: number }
  | { event: "progress"; index: number; text: string }
  | { event: "error"; index: number | null; ename: string; evalue: string; source: string }
  | { event: "done"; ok: boolean };

/** Result of executing one notebook. */
export interface NotebookRun {
  notebook: string;
  output: string;
  html?: string;
  ok: boolean;
  seconds: number;
  cellSeconds: number[];
  error?: { cell: number | null; ename: string; evalue: string; source: string };
  log: string;
}

/** Executes `notebook` into `outDir` (same name, plus .html when `html`), with `env` added. */
export function executeNotebook(
  notebook: string,
  options: { outDir: string; env?: Record<string, string>; html?: boolean; exercises?: boolean; onEvent?: (event: NotebookEvent) => void },
): Promise<NotebookRun> {
  mkdirSync(options.outDir, { recursive: true });
  const python = notebookPython();
  const output = join(options.outDir, basename(notebook));
  const html = options.html ? output.replace(/\.ipynb$/, ".html") : undefined;
  const args = [join(__dirname, "execute_notebook.py"), notebook, output, ...(html ? ["--html", html] : []), ...(options.exercises ? ["--exercises"] : [])];
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(python, args, { cwd: NOTEBOOK_DIR, env: { ...process.env, ...options.env } });
    const run: NotebookRun = { notebook: basename(notebook), output, html, ok: false, seconds: 0, cellSeconds: [], log: "" };
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        let event: NotebookEvent;
        try {
          event = JSON.parse(line) as NotebookEvent;
        } catch {
          run.log += `${line}\n`;
          continue;
        }
        if (event.event === "cell") run.cellSeconds[event.index] = event.seconds;
        if (event.event === "error") run.error = { cell: event.index, ename: event.ename, evalue: event.evalue, source: event.source };
        options.onEvent?.(event);
      }
    });
    child.stderr.on("data", (d: Buffer) => (run.log += d.toString()));
    child.on("close", (code) => {
      run.ok = code === 0;
      run.seconds = (Date.now() - started) / 1000;
      resolvePromise(run);
    });
  });
}

/** What an executed notebook recorded in its metadata: figure values and exercise verdicts. */
export interface RunRecord {
  figures: Record<string, { label: string; value: string | number; unit: string }>;
  exercises: Record<string, { unedited?: { ok: boolean; hint?: string; seen?: string } | null; solution?: { ok: boolean; hint?: string; seen?: string } | null }>;
}

/** The figure values and exercise verdicts an executed notebook holds. */
export function runRecord(executed: string): RunRecord {
  const meta = (JSON.parse(readFileSync(executed, "utf8")) as { metadata?: { mnist_prep?: { figure_values?: RunRecord["figures"]; exercise_results?: RunRecord["exercises"] } } }).metadata?.mnist_prep;
  return { figures: meta?.figure_values ?? {}, exercises: meta?.exercise_results ?? {} };
}

/** One paragraph naming the notebook, the failing cell and its error. */
export function describeFailure(run: NotebookRun): string {
  if (!run.error) return `${run.notebook} failed before running a cell:\n${run.log.slice(-4000)}`;
  const cell = run.error.cell === null ? "a cell" : `code cell ${run.error.cell + 1}`;
  return `${run.notebook}: ${cell} failed — ${run.error.ename}: ${run.error.evalue}\n--- cell source ---\n${run.error.source}\n--- executed copy: ${run.output}`;
}

/** Marks a notebook this project executed (and then post-processed) as trusted again, so Jupyter runs its charts' scripts. */
export function signNotebook(notebook: string): void {
  const python = notebookPython();
  const r = spawnSync(python, [join(__dirname, "execute_notebook.py"), "--sign", notebook], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`signing ${notebook} failed: ${r.stderr.slice(-2000)}`);
}

/** Re-exports an (already executed, possibly post-processed) notebook to HTML. */
export function exportHtml(notebook: string, html: string): void {
  const python = notebookPython();
  const r = spawnSync(python, [join(__dirname, "execute_notebook.py"), "--export-html", notebook, html], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`HTML export of ${notebook} failed: ${r.stderr.slice(-2000)}`);
}
