// npm run reproduce [-- --quick] [-- NN …] [-- --record] [-- --lang zh]: executes the notebooks in order into build/
// (executed .ipynb and .html) and writes build/index.html, a contents page with each notebook's checks
// summary, key figures, backend and minutes, and build/figures.json, every key figure of the run
// (key → value, unit, label, notebook, profile, backend, date). Exits non-zero, naming the notebook and
// cell, on a failure. --record (full profile, every notebook, all passing) also writes the run's figures
// into docs/figures.json and fills the figure regions of README, docs, notebooks and the run's own executed
// copies (scripts/generate/figures-md.ts).
// --lang zh runs the 中文 edition (notebooks/zh/) into build/zh/ instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { figureText, type KeyFigure } from "../src/book/notebook/show";
import { translator, type Lang } from "../src/book/i18n";
import { FIGURES, fillNotebook, readFigures, writeFigures, type FiguresFile } from "./generate/figures-md";
import { describeFailure, executeNotebook, exportHtml, listNotebooks, notebookPrerequisiteProblem, ROOT, runRecord, type NotebookRun } from "./notebooks";
import { browserMissing, browserSkipReason, launchChromium } from "./notebooks/render-check";
import { addStaticFigures } from "./notebooks/static-figures";

interface Summary {
  notebook: string;
  title: string;
  ok: boolean;
  minutes: number;
  checks: string;
  backend: string;
  figures: KeyFigure[];
  error?: string;
}

const BUILD = join(ROOT, "build");
const BUILD_FIGURES = join(BUILD, "figures.json");
const TIMINGS = join(BUILD, "timings.json");
const fmt = (seconds: number) => (seconds >= 90 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`);
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };
type Cell = { cell_type: string; source: string | string[]; outputs?: Output[] };
const join_ = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : t ?? "");

/** Reads the checks line, backend line and key figures out of an executed notebook. */
function summarise(run: NotebookRun): Summary {
  const nb = existsSync(run.output) ? (JSON.parse(readFileSync(run.output, "utf8")) as { cells: Cell[] }) : { cells: [] };
  const streams = nb.cells.flatMap((c) => (c.outputs ?? []).map((o) => (o.output_type === "stream" ? join_(o.text) : join_(o.data?.["text/plain"] as string | string[] | undefined))));
  const all = streams.join("\n");
  const heading = nb.cells.find((c) => c.cell_type === "markdown");
  return {
    notebook: run.notebook.replace(/\.ipynb$/, ""),
    title: join_(heading?.source).split("\n")[0].replace(/^#+\s*/, "") || run.notebook,
    ok: run.ok,
    minutes: run.seconds / 60,
    checks: [...all.matchAll(/(\d+)\/(\d+) (?:checks passed|项检查通过)/g)].pop()?.[0] ?? (run.ok ? "no checks cell" : "did not finish"),
    backend: /(?:backend: |后端：)(\S+)/.exec(all)?.[1] ?? "?",
    figures: Object.entries(existsSync(run.output) ? runRecord(run.output).figures : {}).map(([key, f]) => ({ key, ...f })),
    error: run.ok ? undefined : describeFailure(run),
  };
}

/** The run's key figures by key; a key emitted twice (by one notebook or two) is an error naming both. */
export function runFigures(summaries: Array<Pick<Summary, "notebook" | "backend" | "figures">>, profile: string, date: string): FiguresFile {
  const figures: FiguresFile = {};
  for (const s of summaries) {
    for (const f of s.figures) {
      if (figures[f.key]) throw new Error(`key figure "${f.key}": emitted by ${figures[f.key].notebook} and again by ${s.notebook}; keys must be unique`);
      figures[f.key] = { value: f.value, unit: f.unit, label: f.label, notebook: s.notebook, profile, backend: s.backend, date };
    }
  }
  return figures;
}

/**
 * docs/figures.json after a full run: the run's figures, plus recorded figures from elsewhere (a script,
 * a notebook that did not run) kept as they are; a figure a notebook of this run no longer emits is dropped.
 */
export function recordedFigures(previous: FiguresFile, run: FiguresFile, ran: string[]): { figures: FiguresFile; dropped: string[] } {
  const kept = Object.entries(previous).filter(([key, f]) => !(key in run) && !ran.includes(f.notebook));
  const dropped = Object.keys(previous).filter((key) => !(key in run) && ran.includes(previous[key].notebook));
  return { figures: Object.fromEntries([...kept, ...Object.entries(run)].sort(([a], [b]) => a.localeCompare(b))), dropped };
}

function indexPage(summaries: Summary[], profile: string, totalSeconds: number, lang: Lang): string {
  const t = translator(lang);
  const rows = summaries.map((s) => `<tr class="${s.ok ? "ok" : "failed"}">
<td><a href="${s.notebook}.html">${escapeHtml(s.title)}</a><br><small>${s.notebook}.ipynb · <a href="${s.notebook}.ipynb">${t`executed notebook`}</a></small></td>
<td>${s.ok ? "✓" : "✗"} ${escapeHtml(s.checks)}</td>
<td>${s.figures.map((f) => `${escapeHtml(f.label)}: <b>${escapeHtml(figureText(f))}</b>`).join("<br>") || "—"}</td>
<td>${escapeHtml(s.backend)}</td><td>${s.minutes.toFixed(1)}</td></tr>${s.error ? `<tr><td colspan="5"><pre>${escapeHtml(s.error)}</pre></td></tr>` : ""}`).join("\n");
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>mnist-prep · ${t`reproduction`} (${profile})</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}
tr.failed td{background:#fdecea}pre{white-space:pre-wrap;font-size:12px}small{color:#666}</style></head><body>
<h1>从零开始大模型开发与微调：MNIST数据集的准备 — ${t`reproduced`}</h1>
<p>${t`Profile`} <b>${profile}</b> · ${t`${summaries.filter((s) => s.ok).length}/${summaries.length} notebooks passed`} · ${t`${fmt(totalSeconds)} in total`} · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC</p>
<table><thead><tr><th>${t`notebook`}</th><th>${t`checks`}</th><th>${t`key figures`}</th><th>${t`backend`}</th><th>${t`minutes`}</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>\n`;
}

async function main() {
  const args = process.argv.slice(2);
  const profile = args.includes("--quick") ? "quick" : args.includes("--full") ? "full" : process.env.MNIST_PROFILE ?? "full";
  const langAt = args.indexOf("--lang");
  const lang = langAt < 0 ? "en" : args[langAt + 1];
  if (langAt >= 0) args.splice(langAt, 2);
  const only = args.filter((a) => !a.startsWith("--"));
  const unknown = args.filter((a) => a.startsWith("--") && !["--quick", "--full", "--record"].includes(a));
  if (unknown.length > 0 || (lang !== "en" && lang !== "zh")) {
    console.error(`reproduce: unknown option ${[...unknown, ...(lang !== "en" && lang !== "zh" ? [`--lang ${lang}`] : [])].join(", ")} (expected --quick, --full, --record, --lang en|zh, or notebook numbers)`);
    process.exit(1);
  }
  const record = args.includes("--record");
  if (record && (profile !== "full" || only.length > 0 || lang !== "en")) {
    console.error(`reproduce: --record needs a full-profile run of every English notebook, found profile ${profile}${only.length ? ` and only ${only.join(", ")}` : ""}${lang !== "en" ? `, --lang ${lang}` : ""}`);
    process.exit(1);
  }
  const problem = notebookPrerequisiteProblem();
  if (problem) {
    console.error(`reproduce: ${problem}`);
    process.exit(1);
  }
  // Static chart images need Chromium: in CI its absence fails the run unless MNIST_SKIP_BROWSER=1.
  const noBrowser = browserMissing();
  if (noBrowser && browserSkipReason() === false) {
    console.error(`reproduce: ${noBrowser}; CI needs it for the static chart images (MNIST_SKIP_BROWSER=1 skips them explicitly)`);
    process.exit(1);
  }
  if (noBrowser) console.log(`reproduce: no static chart images in the HTML exports (${noBrowser})`);
  const out = lang === "en" ? BUILD : join(BUILD, lang);
  mkdirSync(out, { recursive: true });
  const timings: Record<string, number[]> = existsSync(TIMINGS) ? JSON.parse(readFileSync(TIMINGS, "utf8")) : {};
  const notebooks = listNotebooks(lang).filter((nb) => only.length === 0 || only.some((o) => basename(nb).includes(o)));
  if (notebooks.length === 0) {
    console.error(`reproduce: no ${lang === "en" ? "" : `${lang} `}notebook matches ${only.length ? only.join(", ") : "(all)"}${lang !== "en" ? " (npx tsx scripts/editions/editions.ts builds notebooks/zh/)" : ""}`);
    process.exit(1);
  }
  const summaries: Summary[] = [];
  const executed: Array<{ ipynb: string; html?: string }> = [];
  const started = Date.now();
  let failed = false;
  for (const [k, notebook] of notebooks.entries()) {
    const name = basename(notebook, ".ipynb");
    const timingKey = `${lang === "en" ? "" : `${lang}/`}${profile}/${name}`;
    const previous = timings[timingKey];
    const expected = previous?.reduce((a, b) => a + b, 0);
    console.log(`[${k + 1}/${notebooks.length}] ${name} (${profile})${expected ? ` — last time ${fmt(expected)}` : ""}`);
    const t0 = Date.now();
    let cells = 0;
    let cellStarted = Date.now();
    const run = await executeNotebook(notebook, {
      outDir: out,
      html: true,
      env: { MNIST_PROFILE: profile },
      onEvent: (event) => {
        if (event.event === "start") cells = event.cells;
        if (event.event === "cell-start") cellStarted = Date.now();
        if (event.event === "progress") {
          // A long cell: its own latest line (training prints epoch, images/s and its ETA) and the
          // notebook's remaining time by the last run's timings.
          // Once a cell outlasts its last time, that time says nothing about what is left of it.
          const running = (Date.now() - cellStarted) / 1000;
          const lastTime = previous?.[event.index];
          const later = previous ? previous.slice(event.index + 1).reduce((a, b) => a + b, 0) : 0;
          const eta = lastTime === undefined ? "" : running <= lastTime ? ` · notebook ETA ~${fmt(lastTime - running + later)}`
            : ` · past its last time (${fmt(lastTime)}); later cells took ${fmt(later)}`;
          console.log(`    cell ${event.index + 1}/${cells} running ${fmt(running)}${eta} · ${event.text}`);
        }
        if (event.event === "cell" && event.seconds >= 5) {
          const elapsed = (Date.now() - t0) / 1000;
          const remaining = previous ? previous.slice(event.index + 1).reduce((a, b) => a + b, 0) : undefined;
          console.log(`    cell ${event.index + 1}/${cells} took ${fmt(event.seconds)} · ${fmt(elapsed)} elapsed${remaining !== undefined ? ` · ETA ${fmt(remaining)}` : ""}`);
        }
      },
    });
    if (run.ok && !noBrowser) {
      // Static PNGs beside the interactive charts, for viewers that run no JavaScript.
      const browser = await launchChromium();
      try {
        if ((await addStaticFigures(browser, run.output)) > 0) exportHtml(run.output, run.html!);
      } finally {
        await browser.close();
      }
    }
    const summary = summarise(run);
    if (run.ok) executed.push({ ipynb: run.output, html: run.html });
    summaries.push(summary);
    console.log(`    ${run.ok ? "✓" : "✗"} ${summary.checks} · ${fmt(run.seconds)}${summary.figures.map((f) => ` · ${f.label} ${figureText(f)}`).join("")}`);
    if (run.ok) timings[timingKey] = run.cellSeconds;
    writeFileSync(join(out, "index.html"), indexPage(summaries, profile, (Date.now() - started) / 1000, lang));
    if (!run.ok) {
      console.error(describeFailure(run));
      failed = true;
      break;
    }
  }
  writeFileSync(TIMINGS, JSON.stringify(timings, null, 1));
  const date = new Date().toISOString().slice(0, 10);
  const figures = runFigures(summaries, profile, date);
  const figuresOut = lang === "en" ? BUILD_FIGURES : join(out, "figures.json");
  writeFileSync(figuresOut, JSON.stringify(figures, null, 2) + "\n");
  console.log(`${Object.keys(figures).length} key figures in ${figuresOut.slice(ROOT.length + 1)}`);
  if (record && !failed) {
    const minutes = (Date.now() - started) / 60000;
    const backend = summaries.find((s) => s.backend !== "?")?.backend ?? "?";
    const total = { value: minutes.toFixed(1), unit: "min", label: "npm run reproduce, full profile, every notebook", notebook: "scripts/reproduce.ts", profile, backend, date };
    const { figures: recorded, dropped } = recordedFigures(readFigures(), { ...figures, "reproduce-minutes": total }, [...summaries.map((s) => s.notebook), "scripts/reproduce.ts"]);
    writeFileSync(FIGURES, JSON.stringify(recorded, null, 2) + "\n");
    if (dropped.length > 0) console.log(`dropped from docs/figures.json (no notebook emits them any more): ${dropped.join(", ")}`);
    const filled = writeFigures(recorded);
    console.log(`recorded docs/figures.json; filled figures in ${filled.join(", ") || "no file (all up to date)"}`);
    // The executed copies cite this run's figures too, so what they show (and the screenshots) agrees with their prose.
    for (const { ipynb, html } of executed) {
      const json = readFileSync(ipynb, "utf8");
      const refilled = fillNotebook(json, recorded, relative(ROOT, ipynb));
      if (refilled === json) continue;
      writeFileSync(ipynb, refilled);
      if (html) exportHtml(ipynb, html);
    }
  } else if (record) console.error("reproduce: not recording docs/figures.json, the run failed");
  console.log(`${failed ? "FAILED" : "done"}: ${summaries.filter((s) => s.ok).length}/${notebooks.length} notebooks in ${fmt((Date.now() - started) / 1000)} — ${join(out, "index.html").slice(ROOT.length + 1)}`);
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
