// Checks the 中文 text against docs/glossary.zh.md: no word the glossary rejects, and the typography
// rules of its style section (full-width punctuation, spaces between Chinese and Latin, ——, %, units,
// no "vs", headings without English glosses, English-only links marked （英文）).
//
// The text checked: the translation sources (notebooks/zh/text/*.md), the markdown cells of the
// generated 中文 notebooks, every *.zh.md beside README.md and in docs/ (the errata tables' rows come
// from the errata data and are checked there), the errata rows' evidenceZh and fix, the values of every
// catalogue in the 中文 catalogue folder, and the drawing page's 中文 strings. Code spans, fenced code,
// math, link targets, HTML and the figure values filled in by scripts/generate/figures-md.ts are exempt.
//
// Usage: npx tsx scripts/editions/glossary.ts     list every finding (exit 1 if there is one)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");

/** Where the 中文 text lives, relative to the repository root: moving a folder needs only its entry here. */
export const ZH_SOURCES = {
  glossary: "docs/glossary.zh.md",
  /** Translation sources of the notebooks' markdown (*.md) and of their code's display strings (*.strings.json). */
  translations: "notebooks/zh/text",
  /** The generated 中文 notebooks: the markdown cells of *.ipynb. */
  editions: "notebooks/zh",
  /** The 中文 catalogue: the string values of every object each *.ts exports. */
  catalogue: "src/book/i18n/zh",
  /** The errata rows: evidenceZh and fix. */
  errata: "src/book/article/errata.json",
  /** The drawing page's strings: the `zh` table of the module's PAGE_TEXT export. */
  page: "src/deploy/web/strings.ts",
  /** Folders whose *.zh.md are checked (the glossary itself excepted). */
  documents: [".", "docs"],
} as const;

/** One row of the glossary: the English term, its one 中文 term, and the variants it rejects. */
export interface GlossaryEntry {
  english: string;
  term: string;
  rejected: string[];
  /** Phrases that contain a rejected variant and are right as they are (e.g. a product name). */
  allowed: string[];
  authority: string;
  note: string;
}

const NONE = "—";
const listCell = (cell: string): string[] => (cell.trim() === NONE ? [] : cell.split("、").map((s) => s.trim()).filter((s) => s !== ""));

/** Parses the glossary's table (the first table whose header starts with `| English | 译法 |`). */
export function parseGlossary(markdown: string): GlossaryEntry[] {
  const lines = markdown.split("\n");
  const header = lines.findIndex((l) => /^\| English \| 译法 \| 不用 \| 可保留 \| 依据 \| 说明 \|/.test(l));
  if (header < 0) throw new Error(`${ZH_SOURCES.glossary}: expected a table headed | English | 译法 | 不用 | 可保留 | 依据 | 说明 |, found none`);
  const entries: GlossaryEntry[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length !== 6) throw new Error(`${ZH_SOURCES.glossary}: expected 6 cells, found ${cells.length} in ${line}`);
    const [english, term, rejected, allowed, authority, note] = cells;
    entries.push({ english, term, rejected: listCell(rejected), allowed: listCell(allowed), authority, note });
  }
  return entries;
}

/** The glossary of this checkout. */
export const loadGlossary = (root = ROOT): GlossaryEntry[] => parseGlossary(readFileSync(join(root, ZH_SOURCES.glossary), "utf8"));

/** A place in the 中文 text that breaks the glossary or a style rule. */
export interface ZhFinding {
  /** File and line (or row/key) of the text. */
  where: string;
  rule: string;
  message: string;
  /** The offending text with a little context. */
  excerpt: string;
}

const HAN = "\\p{Script=Han}";
const FULL_WIDTH = "，。：；！？、“”‘’（）《》";
/** Stands for masked code and math: counts as Latin for spacing, as nothing for punctuation. */
const CODE = "\uE000";
/** Stands for a catalogue placeholder ({0}): its value may be Chinese or Latin, so it counts as neither. */
const SLOT = "\uE001";
const hasHan = (text: string): boolean => new RegExp(HAN, "u").test(text);

/** What a reader sees of one markdown line: code and math masked, links reduced to their text, figure values to a number. */
export function visibleText(line: string): string {
  return line
    .replace(/<!-- figure:\S* -->[\s\S]*?<!-- \/figure -->/g, "0")
    // CommonMark closes **…。** before a Chinese character only across a space, and opens **“…” only after
    // one: that space is markup, not text.
    .replace(new RegExp(`([${FULL_WIDTH}])(\\*+)\\s+`, "g"), "$1$2")
    .replace(new RegExp(`\\s+(\\*+)([${FULL_WIDTH}])`, "g"), "$1$2")
    // Titles in 《》 are names, written as their authors wrote them.
    .replace(/《[^《》]*》/g, "《》")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<\/?[A-Za-z][^<>]*>/g, "")
    .replace(/``[^`]+``|`[^`]+`/g, CODE)
    .replace(/\$\$[^$]+\$\$|\$[^$]+\$/g, CODE)
    .replace(/!?\[([^\]]*)\]\([^)\s]*\)/g, "$1")
    .replace(/https?:\/\/[^\s）)>]+/g, CODE)
    .replace(/\*/g, "")
    .replace(/\{\w+\}/g, SLOT);
}

interface Rule {
  id: string;
  message: string;
  pattern: RegExp;
  /** Applies only to text with Chinese in it. */
  chineseOnly?: boolean;
}

const FW = `[${FULL_WIDTH}]`;
const STYLE_RULES: Rule[] = [
  { id: "ascii-punctuation", message: "ASCII punctuation beside Chinese: use ，；：！？", pattern: new RegExp(`${HAN}[,;:!?]|[,;:!?]\\s*${HAN}`, "gu") },
  { id: "ascii-punctuation", message: "ASCII full stop after Chinese: use 。", pattern: new RegExp(`${HAN}\\.(?![\\w.])`, "gu") },
  { id: "ascii-quote", message: "ASCII quotes in Chinese: use “”", pattern: new RegExp(`"[^"]*${HAN}[^"]*"|${HAN}"|"${HAN}`, "gu") },
  { id: "spacing", message: "no space between Chinese and Latin, digits or code (盘古之白: add one)", pattern: new RegExp(`${HAN}[A-Za-z0-9${CODE}]|[A-Za-z0-9${CODE}%°]${HAN}`, "gu") },
  { id: "spacing", message: "a space beside full-width punctuation", pattern: new RegExp(`[^\\s|·]\\s+${FW}|${FW}\\s+[^\\s|·]`, "gu"), chineseOnly: true },
  { id: "percent", message: "a space before %: write 8.5%", pattern: new RegExp(`[0-9${SLOT}]\\s+%`, "gu") },
  { id: "dash", message: "a single — in Chinese: write ——", pattern: /(?<!—|^)—(?!—)/gu, chineseOnly: true },
  { id: "dash", message: "spaces around ——: write it without", pattern: /\s——|——\s/gu },
  { id: "multiplier", message: "an ambiguous “大了 N 倍”: write “是……的 N 倍”", pattern: new RegExp(`[大长多高快慢小少]了\\s*[\\d.${CODE}${SLOT}]+\\s*(倍|×)`, "gu") },
  { id: "multiplier", message: "N× in Chinese: write N 倍", pattern: new RegExp(`[\\d${SLOT}]×(?!\\s*[\\d${CODE}${SLOT}A-Za-z(（])`, "gu"), chineseOnly: true },
  { id: "vs", message: "“vs” in Chinese: write 与 or 对比", pattern: /(?<![A-Za-z])vs\.?(?![A-Za-z])/gu, chineseOnly: true },
  { id: "unit", message: "an English unit in Chinese: write 秒、毫秒、微秒、分钟、像素、张/秒", pattern: new RegExp(`[\\d${SLOT}]\\s*(ms|s|min|px|µs|img/s|images/s)(?![A-Za-z/])`, "gu"), chineseOnly: true },
  { id: "ellipsis", message: "... in Chinese: write ……", pattern: new RegExp(`\\.\\.\\.\\s*${HAN}|${HAN}\\s*\\.\\.\\.`, "gu") },
];

/** Where a match of matchAll starts. */
const start = (m: RegExpMatchArray): number => m.index ?? 0;

const excerptAt = (text: string, at: number, length: number): string => text.slice(Math.max(0, at - 12), at + length + 12).replace(new RegExp(`[${CODE}]`, "g"), "`…`").replace(new RegExp(SLOT, "g"), "{n}");

/** ASCII parentheses around Chinese, touching Chinese, or around a section number. */
function parenthesisFindings(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const han = new RegExp(HAN, "u");
  for (const m of text.matchAll(/\(([^()]*)\)/g)) {
    const before = text[start(m) - 1] ?? "";
    const after = text[start(m) + m[0].length] ?? "";
    if (han.test(m[1]) || m[1].startsWith("§") || han.test(before) || han.test(after)) found.push([start(m), m[0].length]);
  }
  return found;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const isLatin = (s: string): boolean => /[A-Za-z]/.test(s);

/** Where `phrase` occurs in `text`: Latin phrases as whole words and ignoring case, Chinese ones anywhere. */
function occurrences(text: string, phrase: string): Array<[number, number]> {
  const pattern = isLatin(phrase)
    ? new RegExp(`(?<![A-Za-z0-9_./\\-])${escapeRegExp(phrase)}(?![A-Za-z0-9_\\-/]|\\.[A-Za-z])`, "gi")
    : new RegExp(escapeRegExp(phrase), "g");
  return [...text.matchAll(pattern)].map((m) => [start(m), m[0].length]);
}

/** The glossary's protected phrases (every term and allowed phrase) that contain `variant`. */
function protectors(glossary: GlossaryEntry[], variant: string): string[] {
  const lower = variant.toLowerCase();
  return glossary.flatMap((e) => [e.term, ...e.allowed]).filter((p) => p.length > variant.length && p.toLowerCase().includes(lower));
}

function glossaryFindings(text: string, glossary: GlossaryEntry[]): Array<{ at: number; length: number; message: string }> {
  const found: Array<{ at: number; length: number; message: string }> = [];
  for (const entry of glossary) {
    for (const variant of entry.rejected) {
      const covers = protectors(glossary, variant).flatMap((p) => occurrences(text, p));
      for (const [at, length] of occurrences(text, variant)) {
        if (covers.some(([s, l]) => s <= at && at + length <= s + l)) continue;
        if (text[at - 1] === "“" && text[at + length] === "”") continue; // the word itself under discussion
        const open = text.lastIndexOf("（", at);
        const glossed = open >= 0 && !text.slice(open, at).includes("）") && text.indexOf("）", at) >= 0 && text.slice(0, open).trimEnd().replace(/[”’]$/, "").endsWith(entry.term);
        if (glossed) continue; // 提前停止（early stopping）: the original name beside the term
        found.push({ at, length, message: `“${variant}” — the glossary's term for ${entry.english} is “${entry.term}”` });
      }
    }
  }
  return found;
}

/** An English-only document (*.md without a 中文 version) named without （英文）, or linked where a 中文 version exists. */
function linkFindings(raw: string, root: string): Array<{ at: number; length: number; message: string }> {
  const found: Array<{ at: number; length: number; message: string }> = [];
  const check = (m: RegExpMatchArray, target: string) => {
    if (target.endsWith(".zh.md") || raw.slice(Math.max(0, start(m) - 24), start(m) + m[0].length + 12).includes("英文")) return;
    const name = basename(target);
    const zhName = name.replace(/\.md$/, ".zh.md");
    const hasZh = ZH_SOURCES.documents.some((dir) => existsSync(join(root, dir, zhName)));
    found.push({ at: start(m), length: m[0].length, message: hasZh ? `${name} is English: point to ${zhName}` : `${name} is English only: mark it （英文）` });
  };
  const links = /\[[^\]]*\]\(([^)\s]+?\.md)(#[^)\s]*)?\)/g;
  for (const m of raw.matchAll(links)) check(m, m[1]);
  // Then documents named in code or plain text, outside the links (whose text often repeats the target).
  const withoutLinks = raw.replace(/\[[^\]]*\]\([^)\s]*\)/g, (link) => " ".repeat(link.length));
  for (const m of withoutLinks.matchAll(/`([^`\s]+?\.md)`|(?<![\w./-])([\w./-]+?\.md)(?![\w-])/g)) check(m, m[1] ?? m[2]);
  return found;
}

const BREAKABLE_START = /^\s*(#|\||<!--|<a |\$\$|```|>|[-*] |\d+\.\s)/;

/**
 * Whether markdown line `b` continues line `a`'s paragraph across a break between two Chinese characters:
 * browsers (Chromium among them) render that break as a space. A break CommonMark needs to close or open
 * emphasis beside full-width punctuation stays.
 */
function breaksChinese(a: string, b: string): boolean {
  if (a.trim() === "" || b.trim() === "" || /^\s*(#|\||<!--|<a |\$\$)/.test(a) || BREAKABLE_START.test(b)) return false;
  if (new RegExp(`${FW}[*_]+$`).test(a.trimEnd()) || new RegExp(`^[*_]+${FW}`).test(b.trim())) return false;
  const last = a.trimEnd().replace(/[*_]+$/, "").slice(-1);
  const first = b.trim().replace(/^[*_]+/, "").charAt(0);
  const chinese = new RegExp(`^(${HAN}|[${FULL_WIDTH}—…])$`, "u");
  return chinese.test(last) && chinese.test(first);
}

/** Findings of one piece of 中文 text (markdown unless `markdown` is false); `where` names it, `line` numbers its first line. */
export function checkText(text: string, where: string, glossary: GlossaryEntry[], options: { markdown?: boolean; firstLine?: number; root?: string } = {}): ZhFinding[] {
  const { markdown = true, firstLine = 1, root = ROOT } = options;
  const findings: ZhFinding[] = [];
  let fenced = false;
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    if (/^\s*```/.test(raw)) {
      fenced = !fenced;
      return;
    }
    if (fenced || /^\| \d+ \| /.test(raw)) return;
    const place = markdown ? `${where}:${firstLine + i}` : where;
    if (markdown && i + 1 < lines.length && breaksChinese(raw, lines[i + 1])) {
      findings.push({ where: place, rule: "line-break", message: "a line break between Chinese characters shows as a space: join the lines", excerpt: `${raw.slice(-12)}⏎${lines[i + 1].trim().slice(0, 12)}` });
    }
    const visible = visibleText(raw);
    const add = (rule: string, message: string, excerpt: string) => findings.push({ where: place, rule, message, excerpt });
    const chinese = hasHan(visible);
    for (const rule of STYLE_RULES) {
      if (rule.chineseOnly && !chinese) continue;
      for (const m of visible.matchAll(rule.pattern)) add(rule.id, rule.message, excerptAt(visible, start(m), m[0].length));
    }
    for (const [at, length] of parenthesisFindings(visible)) add("ascii-parenthesis", "ASCII parentheses in Chinese: use （）", excerptAt(visible, at, length));
    for (const f of glossaryFindings(visible, glossary)) add("glossary", f.message, excerptAt(visible, f.at, f.length));
    for (const f of linkFindings(raw, root)) add("english-link", f.message, raw.slice(Math.max(0, f.at - 12), f.at + f.length + 12));
    const heading = /^#{1,6}\s+(.*)$/.exec(raw);
    if (markdown && heading) {
      for (const part of visibleText(heading[1]).split(/\s+·\s+/)) {
        const english = !hasHan(part) ? /[A-Za-z]/.test(part) : /[A-Za-z]+ [a-z]{3,}/.test(part);
        if (english) add("heading", "an English gloss in a 中文 heading: keep the Chinese only", part);
      }
    }
  });
  return findings;
}

/** One piece of 中文 text to check. */
export interface ZhText {
  where: string;
  text: string;
  markdown: boolean;
}

/** The files ending in `suffix` in `dir` (and its folders, when `recursive`); a folder that is gone or holds none is an error, so a move cannot pass unnoticed. */
function files(dir: string, suffix: string, recursive = false): string[] {
  const found = existsSync(dir) ? (readdirSync(dir, { recursive }) as string[]).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f)) : [];
  if (found.length === 0) throw new Error(`${dir}: expected *${suffix} files of the 中文 text, found none (moved? update ZH_SOURCES in scripts/editions/glossary.ts)`);
  return found;
}
const required = (path: string): string => {
  if (!existsSync(path)) throw new Error(`${path}: expected a source of the 中文 text, found nothing (moved? update ZH_SOURCES in scripts/editions/glossary.ts)`);
  return path;
};

type Cell = { cell_type: string; source: string | string[] };

/** Every piece of 中文 text in the checkout, found by the folders of ZH_SOURCES. */
export function zhTexts(root = ROOT): ZhText[] {
  const rel = (path: string) => path.slice(root.length + 1);
  const texts: ZhText[] = [];
  for (const path of files(join(root, ZH_SOURCES.translations), ".md")) texts.push({ where: rel(path), text: readFileSync(path, "utf8"), markdown: true });
  for (const path of files(join(root, ZH_SOURCES.translations), ".strings.json")) {
    for (const [key, text] of Object.entries(JSON.parse(readFileSync(path, "utf8")) as Record<string, string>)) texts.push({ where: `${rel(path)} [${JSON.stringify(key)}]`, text, markdown: false });
  }
  for (const path of files(join(root, ZH_SOURCES.editions), ".ipynb")) {
    const cells = (JSON.parse(readFileSync(path, "utf8")) as { cells: Cell[] }).cells;
    cells.forEach((cell, i) => {
      if (cell.cell_type === "markdown") texts.push({ where: `${rel(path)} cell ${i}`, text: ([] as string[]).concat(cell.source).join(""), markdown: true });
    });
  }
  for (const dir of ZH_SOURCES.documents) {
    for (const path of files(join(root, dir), ".zh.md")) {
      if (rel(path) !== ZH_SOURCES.glossary) texts.push({ where: rel(path), text: readFileSync(path, "utf8"), markdown: true });
    }
  }
  const errata = JSON.parse(readFileSync(required(join(root, ZH_SOURCES.errata)), "utf8")) as { rows: Array<{ id: string; evidenceZh: string; fix: string }> };
  for (const row of errata.rows) {
    texts.push({ where: `${ZH_SOURCES.errata} ${row.id}.evidenceZh`, text: row.evidenceZh, markdown: false });
    texts.push({ where: `${ZH_SOURCES.errata} ${row.id}.fix`, text: row.fix, markdown: false });
  }
  const seen = new Set<string>(); // a merged catalogue repeats its parts' entries
  for (const path of files(join(root, ZH_SOURCES.catalogue), ".ts", true)) {
    const exported = require(path) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value !== "object" || value === null || Object.values(value).some((v) => typeof v !== "string")) continue;
      for (const [key, text] of Object.entries(value as Record<string, string>)) {
        if (seen.has(`${key}\u0000${text}`)) continue;
        seen.add(`${key}\u0000${text}`);
        texts.push({ where: `${rel(path)} ${name}[${JSON.stringify(key)}]`, text, markdown: false });
      }
    }
  }
  const { PAGE_TEXT } = require(required(join(root, ZH_SOURCES.page))) as { PAGE_TEXT: { zh: Record<string, string> } };
  for (const [key, text] of Object.entries(PAGE_TEXT.zh)) texts.push({ where: `${ZH_SOURCES.page} PAGE_TEXT.zh.${key}`, text, markdown: false });
  return texts;
}

/** Every finding in `texts` (default: the whole 中文 text of the checkout). */
export function checkAll(glossary = loadGlossary(), texts = zhTexts(), root = ROOT): ZhFinding[] {
  return texts.flatMap((t) => checkText(t.text, t.where, glossary, { markdown: t.markdown, root }));
}

/** Figure values (filled by scripts/generate/figures-md.ts from docs/figures.json) in the 中文 text that carry English units. */
export function englishFigureValues(texts = zhTexts()): string[] {
  const english = /\d\s*(images\/s|img\/s|s|min|ms)$|\bof\b/;
  return texts.flatMap((t) => [...t.text.matchAll(/<!-- figure:(\S*) -->([\s\S]*?)<!-- \/figure -->/g)].filter((m) => english.test(m[2])).map((m) => `${t.where}: ${m[1]} = ${m[2]}`));
}

/** Findings as lines a reader can act on. */
export const describeFindings = (findings: ZhFinding[]): string => findings.map((f) => `${f.where}: [${f.rule}] ${f.message}: «${f.excerpt}»`).join("\n");

if (require.main === module) {
  const findings = checkAll();
  if (findings.length > 0) console.log(describeFindings(findings));
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  console.log(`${findings.length} finding(s)${findings.length ? `: ${[...counts].map(([r, n]) => `${r} ${n}`).join(", ")}` : ""}`);
  process.exit(findings.length > 0 ? 1 : 0);
}
