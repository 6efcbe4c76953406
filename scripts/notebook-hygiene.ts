// The notebook rules every notebook follows, as one checker: clean in git, anchors in markdown, short cells,
// no helper libraries, startNotebook() first, a checks cell last — and every notebook#anchor link in the
// README, docs and notebooks landing on an id of the page nbconvert renders. Used by test/notebook-hygiene.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import ts from "typescript";
import { jupyterCommand } from "./notebooks";

/** Code cells at most this long; the last (checks) cell may be longer. */
export const CELL_LINES = 20;
export const CHECKS_CELL_LINES = 30;

/** One broken rule. */
export interface HygieneProblem {
  notebook: string;
  rule: "outputs" | "anchor-in-code" | "cell-length" | "helper-in-notebook" | "first-cell" | "checks-cell" | "broken-link";
  detail: string;
}

type Cell = { cell_type: string; source: string | string[]; outputs?: unknown[]; execution_count?: number | null };
const text = (cell: Cell) => ([] as string[]).concat(cell.source).join("");
const readCells = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { cells: Cell[] }).cells;

/** Function declarations, function expressions and block-bodied arrows spanning several lines, in one code cell. */
export function helperDefinitions(source: string): string[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const line = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node)) found.push(`function ${node.name?.text ?? "(anonymous)"} (line ${line(node.getStart())})`);
    else if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isBlock(node.body) && line(node.body.getStart()) !== line(node.body.getEnd())) {
      found.push(`multi-line ${ts.isArrowFunction(node) ? "arrow function" : "function expression"} (lines ${line(node.getStart())}–${line(node.getEnd())})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The rules a notebook file breaks on its own (everything but links). */
export function notebookProblems(path: string): HygieneProblem[] {
  const notebook = basename(path);
  const cells = readCells(path);
  const problems: HygieneProblem[] = [];
  const add = (rule: HygieneProblem["rule"], detail: string) => problems.push({ notebook, rule, detail });
  const code = cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.cell_type === "code");
  for (const [k, { cell, index }] of code.entries()) {
    const source = text(cell);
    const where = `cell ${index + 1}`;
    if ((cell.outputs ?? []).length > 0 || (cell.execution_count ?? null) !== null) add("outputs", `${where} has outputs or an execution count`);
    for (const [, id] of source.matchAll(/<a\s+(?:id|name)=["']([^"']+)["']/g)) add("anchor-in-code", `${where}: anchor "${id}" in a code cell does not render`);
    const limit = k === code.length - 1 ? CHECKS_CELL_LINES : CELL_LINES;
    const lines = source.replace(/\s+$/, "").split("\n").length;
    if (lines > limit) add("cell-length", `${where} has ${lines} lines (limit ${limit})`);
    for (const helper of helperDefinitions(source)) add("helper-in-notebook", `${where}: ${helper} — move it to src/ with a test`);
    if (k > 0 && /\b(useBestBackend|getProfile)\(|new Checks\(/.test(source)) add("first-cell", `${where} repeats setup (useBestBackend/getProfile/new Checks) that startNotebook() does`);
  }
  if (code.length === 0) add("first-cell", "no code cells");
  else {
    const first = text(code[0].cell);
    if (!/\bconst nb = await startNotebook\(/.test(first)) add("first-cell", `cell ${code[0].index + 1}: the first code cell must call \`const nb = await startNotebook();\``);
    if (/\b(useBestBackend|getProfile)\(|new Checks\(/.test(first)) add("first-cell", "the first code cell repeats setup that startNotebook() does");
    const last = code[code.length - 1];
    if (!/\bchecks\.done\(\)/.test(text(last.cell))) add("checks-cell", `cell ${last.index + 1}: the last code cell must be the checks cell (ending in checks.done())`);
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
