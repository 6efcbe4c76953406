// The rules every notebook follows, as one checker, so that a notebook reads like a textbook chapter:
// clean in git; what you will learn, a summary, 2–4 exercises (each with a solution and a checker), and
// the checks of the article's claims last, collapsed; short cells and lines a learner could retype; no
// translation machinery in the code; figures in prose labelled as the full profile's — and every
// notebook#anchor link in the README, docs and notebooks landing on an id of the page nbconvert renders.
// Used by test/notebook-hygiene.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import ts from "typescript";
import { jupyterCommand } from ".";

/** Code cells at most this long; a listing of the article's may be longer, and so may the checks cell. */
export const CELL_LINES = 20;
export const LISTING_LINES = 60;
export const CHECKS_CELL_LINES = 30;
/** Code lines at most this long: longer ones scroll off-screen in JupyterLab. */
export const LINE_CHARACTERS = 100;
/** A function in a notebook longer than this many lines belongs in src/, with a test. */
export const FUNCTION_LINES = 8;
/** How many exercises a notebook has. */
export const EXERCISES = { min: 2, max: 4 };

/** One broken rule. */
export interface HygieneProblem {
  notebook: string;
  rule: "outputs" | "anchor-in-code" | "cell-length" | "line-length" | "helper-in-notebook" | "translation-in-code" | "first-cell" | "checks-cell" | "structure" | "exercise" | "figure-profile" | "broken-link";
  detail: string;
}

type Meta = { mnist_prep?: { exercise?: string; solution?: string; listing?: boolean; checks?: boolean }; jupyter?: { source_hidden?: boolean } };
type Cell = { cell_type: string; source: string | string[]; metadata?: Meta; outputs?: unknown[]; execution_count?: number | null };
const text = (cell: Cell) => ([] as string[]).concat(cell.source).join("");
const readCells = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { cells: Cell[] }).cells;

/** Functions (declared, expressions or block-bodied arrows) longer than `FUNCTION_LINES` lines in one code cell. */
export function helperDefinitions(source: string): string[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const line = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const [from, to] = [line(node.getStart()), line(node.getEnd())];
      if (to - from + 1 > FUNCTION_LINES) found.push(`a function of ${to - from + 1} lines (lines ${from}–${to})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The rules a notebook file breaks on its own (everything but links). */
export function notebookProblems(path: string): HygieneProblem[] {
  const notebook = basename(path);
  const number = notebook.slice(0, 2);
  const cells = readCells(path);
  const problems: HygieneProblem[] = [];
  const add = (rule: HygieneProblem["rule"], detail: string) => problems.push({ notebook, rule, detail });
  const code = cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.cell_type === "code");
  const markdown = cells.filter((c) => c.cell_type === "markdown").map(text);
  for (const [k, { cell, index }] of code.entries()) {
    const source = text(cell);
    const where = `cell ${index + 1}`;
    const meta = cell.metadata?.mnist_prep;
    const isChecks = k === code.length - 1;
    if ((cell.outputs ?? []).length > 0 || (cell.execution_count ?? null) !== null) add("outputs", `${where} has outputs or an execution count`);
    for (const [, id] of source.matchAll(/<a\s+(?:id|name)=["']([^"']+)["']/g)) add("anchor-in-code", `${where}: anchor "${id}" in a code cell does not render`);
    const limit = meta?.listing ? LISTING_LINES : isChecks ? CHECKS_CELL_LINES : CELL_LINES;
    const sources = [source, ...(meta?.solution ? [meta.solution] : [])];
    for (const [s, body] of sources.entries()) {
      const label = s === 0 ? where : `${where}'s solution`;
      const lines = body.replace(/\s+$/, "").split("\n");
      if (lines.length > limit) add("cell-length", `${label} has ${lines.length} lines (limit ${limit})`);
      lines.forEach((l, i) => l.length > LINE_CHARACTERS && add("line-length", `${label}, line ${i + 1}: ${l.length} characters (limit ${LINE_CHARACTERS})`));
      for (const helper of helperDefinitions(body)) add("helper-in-notebook", `${label}: ${helper} — move it to src/ with a test`);
      if (/(?:^|[^\w.])t`|\.t`|\bnb\.t\b/.test(body)) add("translation-in-code", `${label}: translation tags in code (the 中文 edition translates the code's strings)`);
    }
    if (k > 0 && /\b(useBestBackend|getProfile)\(|new Checks\(/.test(source)) add("first-cell", `${where} repeats setup (useBestBackend/getProfile/new Checks) that startNotebook() does`);
    if (!isChecks && /\bchecks\.(that|equal|close|erratum|done)\(/.test(source)) add("checks-cell", `${where}: checks belong in the last cell, gathered`);
  }
  if (code.length === 0) add("first-cell", "no code cells");
  else {
    const first = text(code[0].cell);
    if (!/\bconst nb = await startNotebook\(/.test(first)) add("first-cell", `cell ${code[0].index + 1}: the first code cell must call \`const nb = await startNotebook();\``);
    if (/\b(useBestBackend|getProfile)\(|new Checks\(/.test(first)) add("first-cell", "the first code cell repeats setup that startNotebook() does");
    const last = code[code.length - 1];
    if (!/\bchecks\.done\(\)\s*;?\s*$/.test(text(last.cell))) add("checks-cell", `cell ${last.index + 1}: the last code cell must be the checks cell, ending in checks.done()`);
    if (!last.cell.metadata?.mnist_prep?.checks || !last.cell.metadata.jupyter?.source_hidden) add("checks-cell", `cell ${last.index + 1}: the checks cell is marked as such, its source collapsed (metadata mnist_prep.checks, jupyter.source_hidden)`);
  }
  if (!/\*\*What you will learn\*\*/.test(markdown[0] ?? "")) add("structure", "the first markdown cell says **What you will learn**");
  if (!markdown.some((m) => /^## Summary · 小结/m.test(m))) add("structure", "a heading ## Summary · 小结");
  const exercises = code.filter(({ cell }) => cell.metadata?.mnist_prep?.exercise);
  if (exercises.length < EXERCISES.min || exercises.length > EXERCISES.max) add("exercise", `${exercises.length} exercises (expected ${EXERCISES.min}–${EXERCISES.max})`);
  for (const [k, { cell, index }] of exercises.entries()) {
    const id = cell.metadata!.mnist_prep!.exercise!;
    if (id !== `${number}.${k + 1}`) add("exercise", `cell ${index + 1}: exercise ${id}, expected ${number}.${k + 1}`);
    if (!cell.metadata!.mnist_prep!.solution) add("exercise", `exercise ${id} has no solution`);
    if (!code.some((c) => c.index > index && text(c.cell).includes(`checkExercise("${id}"`))) add("exercise", `exercise ${id} has no checker cell after it (checkExercise("${id}", …))`);
    if (!markdown.some((m) => m.includes(`**Exercise ${k + 1}.**`))) add("exercise", `no markdown introduces **Exercise ${k + 1}.**`);
  }
  for (const m of markdown) {
    if (m.includes("<!-- figure:") && !/full profile/.test(m)) add("figure-profile", `a markdown cell cites run figures without saying they come from the full profile: "${m.split("\n")[0].slice(0, 60)}"`);
  }
  return problems;
}

/** A link to an anchor of a notebook, found in a page (README, docs, another notebook). */
export interface AnchorLink {
  page: string;
  notebook: string;
  id: string;
}

/** notebook#anchor links in `text`; links inside a notebook (`](#id)`) count as links to `selfNotebook`. */
export function anchorLinks(page: string, text: string, selfNotebook?: string): AnchorLink[] {
  const links: AnchorLink[] = [];
  for (const [, notebook, id] of text.matchAll(/(\d\d-[\w-]+\.ipynb)#([\w.-]+)/g)) links.push({ page, notebook, id });
  if (selfNotebook) for (const [, id] of text.matchAll(/\]\(#([\w.-]+)\)|href="#([\w.-]+)"/g)) links.push({ page, notebook: selfNotebook, id: id ?? "" });
  return links;
}

/** Every anchor link of README.md, docs/*.md and the notebooks' markdown under `root` (notebooks from `notebookDir`). */
export function projectAnchorLinks(root: string, notebookDir = join(root, "notebooks")): AnchorLink[] {
  const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join("docs", f))];
  const links = pages.flatMap((page) => anchorLinks(page, readFileSync(join(root, page), "utf8")));
  for (const name of listIpynb(notebookDir)) {
    const markdown = readCells(join(notebookDir, name)).filter((c) => c.cell_type === "markdown").map(text).join("\n");
    links.push(...anchorLinks(`notebooks/${name}`, markdown, name));
  }
  return links;
}

/** Why the rendering step cannot run here, with the fix; undefined when nbconvert is ready. */
export function renderProblem(): string | undefined {
  const jupyter = jupyterCommand();
  if (!existsSync(jupyter)) return `${jupyter} is missing: the rendered-page check needs nbconvert — run \`npm run setup\` (or set MNIST_JUPYTER, see environment.md)`;
  return undefined;
}

/** Renders the (unexecuted) notebooks of `notebookDir` with `jupyter nbconvert --to html` and returns the ids on each page. */
export function renderedIds(notebookDir: string): Map<string, Set<string>> {
  const problem = renderProblem();
  if (problem) throw new Error(problem);
  const outDir = mkdtempSync(join(tmpdir(), "nb-html-"));
  const names = listIpynb(notebookDir);
  const run = spawnSync(jupyterCommand(), ["nbconvert", "--to", "html", "--output-dir", outDir, ...names.map((n) => join(notebookDir, n))], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`nbconvert failed: ${run.stderr.slice(-2000)}`);
  return new Map(names.map((name) => {
    const html = readFileSync(join(outDir, name.replace(/\.ipynb$/, ".html")), "utf8");
    return [name, new Set([...html.matchAll(/\b(?:id|name)=["']([^"']+)["']/g)].map((m) => m[1]))];
  }));
}

/** The links whose notebook is missing or whose page has no element with that id. */
export function brokenLinks(links: AnchorLink[], ids: Map<string, Set<string>>): HygieneProblem[] {
  return links.filter((l) => !ids.get(l.notebook)?.has(l.id)).map((l) => ({
    notebook: l.notebook,
    rule: "broken-link" as const,
    detail: `${l.page} links to ${l.notebook}#${l.id}, ${ids.has(l.notebook) ? "which the rendered page does not contain" : "a notebook that does not exist"}`,
  }));
}

function listIpynb(dir: string): string[] {
  return readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
}
