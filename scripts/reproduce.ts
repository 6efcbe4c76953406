// npm run reproduce [-- --quick]: executes notebooks 01–08 in order into build/ (executed .ipynb
// and .html) and writes build/index.html, a contents page with each notebook's checks summary,
// key figures, backend and minutes. Exits non-zero, naming the notebook and cell, on a failure.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { KEY_FIGURE_MIME } from "../src/notebook/show";
import { describeFailure, executeNotebook, exportHtml, listNotebooks, notebookPrerequisiteProblem, ROOT, type NotebookRun } from "./notebooks";
import { chromiumPath, launchChromium } from "./render-check";
import { addStaticFigures } from "./static-figures";

interface Summary {
  notebook: string;
  title: string;
  ok: boolean;
  minutes: number;
  checks: string;
  backend: string;
  figures: Array<{ label: string; value: string | number; unit: string }>;
  error?: string;
}

const BUILD = join(ROOT, "build");
const TIMINGS = join(BUILD, "timings.json");
const fmt = (seconds: number) => (seconds >= 90 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`);
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };
type Cell = { cell_type: string; source: string | string[]; outputs?: Output[] };
const join_ = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : t ?? "");

/** Reads the checks line, backend line and key figures out of an executed notebook. */
function summarise(run: NotebookRun): Summary {
  const nb = existsSync(run.output) ? (JSON.parse(readFileSync(run.output, "utf8")) as { cells: Cell[] }) : { cells: [] };
  const streams = nb.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "stream").map((o) => join_(o.text)));
  const all = streams.join("\n");
  const heading = nb.cells.find((c) => c.cell_type === "markdown");
  return {
    notebook: run.notebook.replace(/\.ipynb$/, ""),
    title: join_(heading?.source).split("\n")[0].replace(/^#+\s*/, "") || run.notebook,
    ok: run.ok,
    minutes: run.seconds / 60,
    checks: [...all.matchAll(/(\d+)\/(\d+) checks passed/g)].pop()?.[0] ?? (run.ok ? "no checks cell" : "did not finish"),
    backend: /backend: (\S+)/.exec(all)?.[1] ?? "?",
    figures: nb.cells.flatMap((c) => (c.outputs ?? []).flatMap((o) => (o.data?.[KEY_FIGURE_MIME] ? [o.data[KEY_FIGURE_MIME] as Summary["figures"][number]] : []))),
    error: run.ok ? undefined : describeFailure(run),
  };
}

function indexPage(summaries: Summary[], profile: string, totalSeconds: number): string {
  const rows = summaries.map((s) => `<tr class="${s.ok ? "ok" : "failed"}">
<td><a href="${s.notebook}.html">${escapeHtml(s.title)}</a><br><small>${s.notebook}.ipynb · <a href="${s.notebook}.ipynb">executed notebook</a></small></td>
<td>${s.ok ? "✓" : "✗"} ${escapeHtml(s.checks)}</td>
<td>${s.figures.map((f) => `${escapeHtml(f.label)}: <b>${escapeHtml(String(f.value))}${f.unit ? ` ${escapeHtml(f.unit)}` : ""}</b>`).join("<br>") || "—"}</td>
<td>${escapeHtml(s.backend)}</td><td>${s.minutes.toFixed(1)}</td></tr>${s.error ? `<tr><td colspan="5"><pre>${escapeHtml(s.error)}</pre></td></tr>` : ""}`).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mnist-prep · reproduction (${profile})</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}
tr.failed td{background:#fdecea}pre{white-space:pre-wrap;font-size:12px}small{color:#666}</style></head><body>
<h1>从零开始大模型开发与微调：MNIST数据集的准备 — reproduced</h1>
<p>Profile <b>${profile}</b> · ${summaries.filter((s) => s.ok).length}/${summaries.length} notebooks passed · ${fmt(totalSeconds)} in total · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC</p>
<table><thead><tr><th>notebook</th><th>checks</th><th>key figures</th><th>backend</th><th>minutes</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>\n`;
}

async function main() {
  const args = process.argv.slice(2);
  const profile = args.includes("--quick") ? "quick" : args.includes("--full") ? "full" : process.env.MNIST_PROFILE ?? "full";
  const only = args.filter((a) => !a.startsWith("--"));
  const problem = notebookPrerequisiteProblem();
  if (problem) {
    console.error(`reproduce: ${problem}`);
    process.exit(1);
  }
  mkdirSync(BUILD, { recursive: true });
  const timings: Record<string, number[]> = existsSync(TIMINGS) ? JSON.parse(readFileSync(TIMINGS, "utf8")) : {};
  const notebooks = listNotebooks().filter((nb) => only.length === 0 || only.some((o) => basename(nb).includes(o)));
  const summaries: Summary[] = [];
  const started = Date.now();
  let failed = false;
  for (const [k, notebook] of notebooks.entries()) {
    const name = basename(notebook, ".ipynb");
    const previous = timings[`${profile}/${name}`];
    const expected = previous?.reduce((a, b) => a + b, 0);
    console.log(`[${k + 1}/${notebooks.length}] ${name} (${profile})${expected ? ` — last time ${fmt(expected)}` : ""}`);
    const t0 = Date.now();
    let cells = 0;
    let cellStarted = Date.now();
    const run = await executeNotebook(notebook, {
      outDir: BUILD,
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
    if (run.ok && chromiumPath()) {
      // Static PNGs beside the interactive charts, for viewers that run no JavaScript.
      const browser = await launchChromium();
      try {
        if ((await addStaticFigures(browser, run.output)) > 0) exportHtml(run.output, run.html!);
      } finally {
        await browser.close();
      }
    }
    const summary = summarise(run);
    summaries.push(summary);
    console.log(`    ${run.ok ? "✓" : "✗"} ${summary.checks} · ${fmt(run.seconds)}${summary.figures.map((f) => ` · ${f.label} ${f.value}${f.unit ? ` ${f.unit}` : ""}`).join("")}`);
    if (run.ok) timings[`${profile}/${name}`] = run.cellSeconds;
    writeFileSync(join(BUILD, "index.html"), indexPage(summaries, profile, (Date.now() - started) / 1000));
    if (!run.ok) {
      console.error(describeFailure(run));
      failed = true;
      break;
    }
  }
  writeFileSync(TIMINGS, JSON.stringify(timings, null, 1));
  console.log(`${failed ? "FAILED" : "done"}: ${summaries.filter((s) => s.ok).length}/${notebooks.length} notebooks in ${fmt((Date.now() - started) / 1000)} — build/index.html`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
