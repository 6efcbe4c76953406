// Measured figures in prose come from a run, never from typing: every region
// `<!-- figure:KEY -->…<!-- /figure -->` in README.md, docs/*.md and the notebooks' markdown cells
// is filled with figureText(docs/figures.json[KEY]). `npm run reproduce -- --record` (a full run of
// every notebook) rewrites docs/figures.json and then calls this.
//   npx tsx scripts/generate/figures-md.ts            fill every region
//   npx tsx scripts/generate/figures-md.ts --check    exit 1, naming the files, if any region is stale
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { InvalidArgumentError } from "../../src/errors";
import { figureText, type KeyFigure } from "../../src/book/notebook/show";
import { inLanguage, type Lang } from "../../src/book/i18n";
import { replaceRegions } from "./readme-block";

const ROOT = resolve(__dirname, "..", "..");
export const FIGURES = join(ROOT, "docs", "figures.json");

/** One key figure as a run recorded it. `source` marks a value that did not come from a run. */
export interface FigureRecord extends Omit<KeyFigure, "key"> {
  /** The notebook (e.g. "06-training") or script that emitted it. */
  notebook: string;
  profile: string;
  backend: string;
  /** ISO date of the run. */
  date: string;
  source?: string;
}

/** docs/figures.json and build/figures.json: key → record. */
export type FiguresFile = Record<string, FigureRecord>;

const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const START = /<!-- figure:(\S*) -->/g;
const END = "<!-- /figure -->";

/** Reads and checks a figures file (every record has a value, unit, label and where it came from). */
export function readFigures(path = FIGURES): FiguresFile {
  const file = JSON.parse(readFileSync(path, "utf8")) as FiguresFile;
  const where = relative(ROOT, path);
  for (const [key, r] of Object.entries(file)) {
    if (!KEY.test(key)) throw new InvalidArgumentError(`${where}: key ${JSON.stringify(key)}`, "a kebab-case key", JSON.stringify(key));
    const missing = ["label", "unit", "notebook", "profile", "backend", "date"].filter((f) => typeof (r as unknown as Record<string, unknown>)[f] !== "string");
    if (!["number", "string"].includes(typeof r.value)) missing.unshift("value");
    if (missing.length > 0) throw new InvalidArgumentError(`${where}: ${key}`, "value, unit, label, notebook, profile, backend and date", `no ${missing.join(", ")}`);
  }
  return file;
}

/** `text` with every figure region emptied: what prose says apart from the figures it cites. */
export function withoutFigureValues(text: string, file = "text"): string {
  return replaceRegions(text, new RegExp(START.source, "g"), END, () => "", file).text;
}

/**
 * Lines (1-based) where a figure region opens the line: markdown takes a line that starts with
 * `<!--` for an HTML block, which ends the paragraph there and shows the rest of it apart.
 */
export function regionsOpeningLines(text: string): number[] {
  return text.split("\n").flatMap((line, i) => (/^\s*<!-- figure:/.test(line) ? [i + 1] : []));
}

/** `text` with every figure region filled from `figures`; an unknown or malformed key is an error naming `file` and the key. */
export function fillFigures(text: string, figures: FiguresFile, file: string): string {
  return replaceRegions(text, new RegExp(START.source, "g"), END, ([, key]) => {
    if (!KEY.test(key)) throw new InvalidArgumentError(`${file}: <!-- figure:${key} -->`, "a kebab-case key such as test-accuracy", JSON.stringify(key));
    const figure = figures[key];
    if (!figure) throw new InvalidArgumentError(`${file}: <!-- figure:${key} -->`, "a key of docs/figures.json", `"${key}", which it does not have (run npm run reproduce -- --record, or fix the key)`);
    return inLanguage(editionOf(file), () => figureText(figure));
  }, file).text;
}

/** The edition a file belongs to: 中文 for notebooks/zh/ and *.zh.md, else English. */
export const editionOf = (file: string): Lang => (/(^|\/)notebooks\/zh\/|\.zh\.md$/.test(file) ? "zh" : "en");

type Notebook = { cells: Array<{ cell_type: string; source: string | string[] }> };

/** A notebook's JSON text with the figure regions of its markdown cells filled (unchanged text when none changed). */
export function fillNotebook(json: string, figures: FiguresFile, file: string): string {
  const nb = JSON.parse(json) as Notebook;
  let changed = false;
  for (const cell of nb.cells.filter((c) => c.cell_type === "markdown")) {
    const before = ([] as string[]).concat(cell.source).join("");
    const after = fillFigures(before, figures, file);
    if (after === before) continue;
    changed = true;
    cell.source = after.split(/(?<=\n)/);
  }
  return changed ? JSON.stringify(nb, null, 1) + "\n" : json;
}

/** The files whose prose may cite figures: both READMEs, docs/*.md, the notebooks of both editions and the 中文 translation sources (relative to the repository). */
export function figureFiles(root = ROOT): string[] {
  const inDir = (dir: string, ext: string) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith(ext)).sort().map((f) => `${dir}/${f}`) : []);
  const readmes = ["README.md", "README.zh.md"].filter((f) => existsSync(join(root, f)));
  return [...readmes, ...inDir("docs", ".md"), ...inDir("notebooks", ".ipynb"), ...inDir("notebooks/zh", ".ipynb"), ...inDir("notebooks/zh/text", ".md")];
}

/** Each file's current and filled text (only files with figure regions). */
export function filledFiles(figures: FiguresFile, root = ROOT): Array<{ file: string; current: string; filled: string }> {
  return figureFiles(root).flatMap((file) => {
    const current = readFileSync(join(root, file), "utf8");
    if (!current.includes("<!-- figure:")) return [];
    const filled = file.endsWith(".ipynb") ? fillNotebook(current, figures, file) : fillFigures(current, figures, file);
    return [{ file, current, filled }];
  });
}

/** Fills every region from docs/figures.json; returns the files it rewrote. */
export function writeFigures(figures = readFigures(), root = ROOT): string[] {
  const stale = filledFiles(figures, root).filter((f) => f.filled !== f.current);
  for (const f of stale) writeFileSync(join(root, f.file), f.filled);
  return stale.map((f) => f.file);
}

if (require.main === module) {
  const figures = readFigures();
  if (process.argv.includes("--check")) {
    const stale = filledFiles(figures).filter((f) => f.filled !== f.current).map((f) => f.file);
    console.log(stale.length ? `stale figures in ${stale.join(", ")}: run npx tsx scripts/generate/figures-md.ts` : "every figure region is up to date");
    process.exit(stale.length ? 1 : 0);
  }
  const written = writeFigures(figures);
  console.log(written.length ? `filled figures in ${written.join(", ")}` : "every figure region was up to date");
}
