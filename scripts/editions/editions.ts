// Writes the 中文 edition of every notebook (notebooks/zh/NN-….ipynb) from the English notebook
// (code, structure) and its translation source notebooks/zh/text/NN-….md (markdown only).
//
// A translation source is the notebook's markdown cells, in order, each after a marker that names
// the English cell it translates by a hash of its text:
//   <!-- en 3f2a9c01de -->
//   ## 3.3 数据清洗 …
// Editing an English markdown cell changes its hash, so its translation goes stale and the build
// fails naming the cell until it is translated again (figure values filled by scripts/generate/figures-md.ts
// do not count; translations keep the figure markers). Code cells are the English code with its
// display strings translated through notebooks/zh/text/NN-….strings.json (scripts/editions/code-strings.ts;
// so are the figure labels and exercise solutions in the metadata), and the first cell's
// startNotebook() gains { lang: "zh" }; what the book itself shows comes from src/book/i18n/zh/.
//
// Usage: npx tsx scripts/editions/editions.ts            write notebooks/zh/*.ipynb
//        npx tsx scripts/editions/editions.ts --check    fail if any edition is stale (what the test runs)
//        npx tsx scripts/editions/editions.ts --stub NN  add blocks (English text, marked todo) for untranslated cells
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { translateCode } from "./code-strings";
import { withoutFigureValues } from "../generate/figures-md";
import { listNotebooks, ROOT } from "../notebooks";

export const ZH_DIR = join(ROOT, "notebooks", "zh");
export const ZH_TEXT_DIR = join(ZH_DIR, "text");

type Meta = { mnist_prep?: { exercise?: string; solution?: string; figures?: Record<string, { value: string; unit?: string; label?: string }> } } & Record<string, unknown>;
type Cell = { cell_type: string; source: string | string[]; id?: string; metadata?: Meta; outputs?: unknown[]; execution_count?: null };
type Notebook = { cells: Cell[]; metadata?: Meta } & Record<string, unknown>;

const sourceText = (cell: Cell): string => ([] as string[]).concat(cell.source).join("");
const sourceLines = (text: string): string[] => {
  const parts = text.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l)).filter((l, i, all) => !(i === all.length - 1 && l === ""));
};

/**
 * The hash that ties a translation to the English markdown cell it translates. Figure regions count
 * without their values: a new reproduce run refills both editions without making translations stale;
 * so does reflowing the English text (runs of whitespace count as one space).
 */
export const cellHash = (text: string): string => createHash("sha256").update(withoutFigureValues(text.trim()).replace(/\s+/g, " ")).digest("hex").slice(0, 10);

/** One translated block of a translation source. */
export interface TranslationBlock {
  hash: string;
  todo: boolean;
  text: string;
}

/** Parses a translation source into its blocks. */
export function parseTranslation(source: string): TranslationBlock[] {
  const blocks: TranslationBlock[] = [];
  const marker = /^<!-- en ([0-9a-f]{10})( todo)? -->$/;
  let current: TranslationBlock | undefined;
  for (const line of source.split("\n")) {
    const m = marker.exec(line);
    if (m) {
      if (current) blocks.push(current);
      current = { hash: m[1], todo: m[2] !== undefined, text: "" };
    } else if (current) current.text += `${line}\n`;
  }
  if (current) blocks.push(current);
  return blocks.map((b) => ({ ...b, text: b.text.trim() }));
}

const anchorsOf = (text: string): string[] => [...text.matchAll(/<a id="([^"]+)"/g)].map((m) => m[1]).sort();

/** What is wrong with a translation against its English notebook (empty when it is complete and current). */
export function translationProblems(english: Notebook, blocks: TranslationBlock[], name: string): string[] {
  const problems: string[] = [];
  const byHash = new Map(blocks.map((b) => [b.hash, b]));
  const used = new Set<string>();
  english.cells.forEach((cell, i) => {
    if (cell.cell_type !== "markdown") return;
    const text = sourceText(cell);
    const hash = cellHash(text);
    const block = byHash.get(hash);
    const where = `${name} markdown cell ${i} ("${text.split("\n")[0].slice(0, 60)}", en ${hash})`;
    if (!block) problems.push(`${where}: no translation (new or changed English text; npx tsx scripts/editions/editions.ts --stub ${name.slice(0, 2)})`);
    else if (block.todo || block.text === "") problems.push(`${where}: translation marked todo or empty`);
    else if (anchorsOf(block.text).join() !== anchorsOf(text).join()) problems.push(`${where}: anchors ${anchorsOf(block.text).join(", ") || "none"} differ from the English ${anchorsOf(text).join(", ") || "none"}`);
    used.add(hash);
  });
  for (const b of blocks) if (!used.has(b.hash)) problems.push(`${name}: translation block en ${b.hash} matches no English cell (stale: delete it)`);
  const firstCode = english.cells.find((c) => c.cell_type === "code");
  if (!firstCode || !sourceText(firstCode).includes("await startNotebook()")) {
    problems.push(`${name}: the first code cell must call \`await startNotebook()\` (the 中文 edition adds { lang: "zh" } there)`);
  }
  return problems;
}

/** The first code cell's setup call, in the 中文 edition. */
export function zhCode(code: string): string {
  if (!code.includes("await startNotebook()")) return code;
  return code.replace("await startNotebook()", 'await startNotebook({ lang: "zh" })');
}

/** A notebook's table of translated code strings (English → 中文), or undefined when it has none yet. */
export type CodeStrings = Readonly<Record<string, string>> | undefined;

/**
 * The 中文 edition of `english`: markdown from `blocks`, code with its display strings translated by
 * `strings` (unchanged but for the language when there is no table), and the strings the table lacks.
 */
export function zhNotebook(english: Notebook, blocks: TranslationBlock[], strings?: CodeStrings): { notebook: Notebook; missing: string[]; used: Set<string> } {
  const byHash = new Map(blocks.map((b) => [b.hash, b]));
  const missing: string[] = [];
  const used = new Set<string>();
  const code = (text: string): string => {
    if (strings === undefined) return text;
    const result = translateCode(text, strings);
    missing.push(...result.missing);
    result.used.forEach((k) => used.add(k));
    return result.code;
  };
  const text = (value: string | undefined): string | undefined => (value === undefined ? undefined : strings === undefined ? value : code(JSON.stringify(value)).startsWith('"') ? (JSON.parse(code(JSON.stringify(value))) as string) : value);
  const cells = english.cells.map((cell) => {
    const source = sourceText(cell);
    if (cell.cell_type === "markdown") return { ...cell, source: sourceLines(byHash.get(cellHash(source))!.text) };
    const exercise = cell.metadata?.mnist_prep;
    const metadata = exercise?.solution === undefined ? cell.metadata : { ...cell.metadata, mnist_prep: { ...exercise, solution: zhCode(code(exercise.solution)) } };
    return { ...cell, ...(metadata ? { metadata } : {}), source: sourceLines(zhCode(code(source))) };
  });
  const figures = english.metadata?.mnist_prep?.figures;
  const metadata = figures === undefined ? english.metadata : {
    ...english.metadata,
    mnist_prep: { ...english.metadata!.mnist_prep, figures: Object.fromEntries(Object.entries(figures).map(([key, f]) => [key, { ...f, label: text(f.label) }])) },
  };
  return { notebook: { ...english, cells, ...(metadata ? { metadata } : {}) }, missing: [...new Set(missing)], used };
}

const translationPath = (notebook: string) => join(ZH_TEXT_DIR, basename(notebook).replace(/\.ipynb$/, ".md"));
/** Where notebook `notebook`'s table of code strings lives (notebooks/zh/text/NN-….strings.json). */
export const stringsPath = (notebook: string) => join(ZH_TEXT_DIR, basename(notebook).replace(/\.ipynb$/, ".strings.json"));
const readStrings = (notebook: string): CodeStrings =>
  existsSync(stringsPath(notebook)) ? (JSON.parse(readFileSync(stringsPath(notebook), "utf8")) as Record<string, string>) : undefined;
const readNotebook = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Notebook;
const serialise = (nb: Notebook) => JSON.stringify(nb, null, 1) + "\n";

/** Each edition's expected file text, or the problems that stop it from being built. */
export function buildEditions(): { files: Map<string, string>; problems: string[] } {
  const files = new Map<string, string>();
  const problems: string[] = [];
  for (const path of listNotebooks()) {
    const name = basename(path);
    const source = translationPath(path);
    if (!existsSync(source)) {
      problems.push(`${name}: no translation source ${source.slice(ROOT.length + 1)} (npx tsx scripts/editions/editions.ts --stub ${name.slice(0, 2)})`);
      continue;
    }
    const english = readNotebook(path);
    const blocks = parseTranslation(readFileSync(source, "utf8"));
    const found = translationProblems(english, blocks, name);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const strings = readStrings(path);
    const edition = zhNotebook(english, blocks, strings);
    for (const text of edition.missing) problems.push(`${name}: code string ${JSON.stringify(text)} has no translation in ${stringsPath(path).slice(ROOT.length + 1)}`);
    for (const key of Object.keys(strings ?? {})) if (!edition.used.has(key)) problems.push(`${name}: ${stringsPath(path).slice(ROOT.length + 1)} translates ${JSON.stringify(key)}, which no code uses (stale: delete it)`);
    if (edition.missing.length === 0) files.set(join(ZH_DIR, name), serialise(edition.notebook));
  }
  return { files, problems };
}

/**
 * The translation source for `markdown` (the English cells, in order) from the `blocks` it had: a
 * translated cell keeps its block, an edited cell keeps its old translation marked todo, a new cell
 * gets its English text marked todo.
 */
export function stubSource(markdown: string[], blocks: TranslationBlock[]): string {
  const byHash = new Map(blocks.map((b) => [b.hash, b]));
  const current = new Set(markdown.map(cellHash));
  return markdown.map((text, i) => {
    const hash = cellHash(text);
    const kept = byHash.get(hash);
    if (kept) return `<!-- en ${hash}${kept.todo ? " todo" : ""} -->\n${kept.text}\n`;
    const previous = blocks[i] !== undefined && !current.has(blocks[i].hash) ? blocks[i] : undefined;
    return `<!-- en ${hash} todo -->\n${(previous ? previous.text : text).trim()}\n`;
  }).join("\n");
}

/** Rewrites notebook `nn`'s translation source with `stubSource`; returns its path. */
export function stubTranslation(nn: string): string {
  const path = listNotebooks().find((p) => basename(p).startsWith(nn));
  if (!path) throw new Error(`editions: no notebook ${nn}`);
  const target = translationPath(path);
  const blocks = existsSync(target) ? parseTranslation(readFileSync(target, "utf8")) : [];
  const markdown = readNotebook(path).cells.filter((c) => c.cell_type === "markdown").map((cell) => sourceText(cell).trim());
  mkdirSync(ZH_TEXT_DIR, { recursive: true });
  writeFileSync(target, stubSource(markdown, blocks));
  return target;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === "--stub") {
    for (const nn of args.slice(1)) console.log(`wrote ${stubTranslation(nn)}`);
    process.exit(0);
  }
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`editions: unknown argument ${unknown.join(" ")} (expected --check or --stub NN …)`);
    process.exit(2);
  }
  const { files, problems } = buildEditions();
  if (args.includes("--check")) {
    const stale = [...files].filter(([path, text]) => !existsSync(path) || readFileSync(path, "utf8") !== text).map(([path]) => `${path.slice(ROOT.length + 1)} is stale (npx tsx scripts/editions/editions.ts)`);
    for (const line of [...problems, ...stale]) console.error(line);
    process.exit(problems.length + stale.length > 0 ? 1 : 0);
  }
  mkdirSync(ZH_DIR, { recursive: true });
  for (const [path, text] of files) writeFileSync(path, text);
  for (const line of problems) console.error(line);
  console.log(`wrote ${files.size} 中文 notebooks${problems.length ? `; ${problems.length} problem(s) above` : ""}`);
  process.exit(problems.length > 0 ? 1 : 0);
}
