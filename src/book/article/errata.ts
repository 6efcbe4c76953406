/**
 * The errata of the article «从零开始大模型开发与微调：MNIST数据集的准备»: every checkable claim
 * with its verdict, evidence and fix. The rows are data (`errata.json` beside this file); this module
 * loads and validates them and renders the Markdown table, in the book's language, that docs/errata.md,
 * docs/errata.zh.md, README.md, README.zh.md and notebook 05 show (`npx tsx scripts/generate/errata-md.ts`
 * regenerates the files).
 */
import errataFile from "./errata.json";
import { InvalidArgumentError, MnistPrepError } from "../../errors";
import { language, t } from "../i18n";

/** How a claim fared. */
export type Verdict = "wrong" | "misleading" | "outdated" | "correct" | "unverifiable";

/** A primary source backing a verdict. */
export interface ErrataSource {
  title: string;
  /** An http(s) URL, or `repo:<path>` for a file of this repository. */
  url: string;
}

/** One checked claim of the article. */
export interface Erratum {
  /** Stable id. */
  id: string;
  /** Article section(s), e.g. "§4.1". */
  section: string;
  /** The article's words, verbatim; cuts are marked with “…”. */
  quote: string;
  /** "code": the quote is code or a formula and is shown as such. */
  quoteFormat?: "code";
  verdict: Verdict;
  /** What is actually true, with the numbers. */
  evidence: string;
  /** The evidence in Chinese: the same numbers, links and code. */
  evidenceZh: string;
  /** The corrected statement or code (Chinese, like the article). */
  fix: string;
  /** The notebook heading that proves the verdict by computation. */
  proof?: { notebook: string; anchor: string };
  /** Primary sources (papers, official docs, library source, the MNIST page). */
  sources: ErrataSource[];
}

/** A malformed errata file: names the row and field, what was expected and what was found. */
export class ErrataFormatError extends MnistPrepError {}

const VERDICTS: readonly Verdict[] = ["wrong", "misleading", "outdated", "correct", "unverifiable"];
const ROW_KEYS = ["id", "section", "quote", "quoteFormat", "verdict", "evidence", "evidenceZh", "fix", "proof", "sources"];
const REQUIRED_TEXT = ["id", "section", "quote", "evidence", "evidenceZh", "fix"] as const;
const FILE = "src/book/article/errata.json";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const describe = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value)?.slice(0, 80) ?? String(value));

function checkKeys(where: string, value: Json, allowed: readonly string[]): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new ErrataFormatError(where, `only the fields ${allowed.join(", ")}`, `unknown ${unknown.join(", ")}`);
}

function validSource(where: string, value: unknown, named: Record<string, ErrataSource>): ErrataSource {
  if (typeof value === "string") {
    const source = named[value];
    if (!source) throw new ErrataFormatError(where, `a key of "sources" (${Object.keys(named).join(", ")}) or {title, url}`, JSON.stringify(value));
    return source;
  }
  if (!isObject(value) || typeof value.title !== "string" || typeof value.url !== "string") {
    throw new ErrataFormatError(where, "{title, url} with string values", describe(value));
  }
  checkKeys(where, value, ["title", "url"]);
  if (!/^(https?:\/\/|repo:)\S+$/.test(value.url)) throw new ErrataFormatError(`${where}.url`, "an http(s):// or repo: URL", JSON.stringify(value.url));
  return { title: value.title, url: value.url };
}

function validProof(where: string, value: unknown): Erratum["proof"] {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value.notebook !== "string" || typeof value.anchor !== "string") {
    throw new ErrataFormatError(where, "{notebook, anchor} with string notebook and anchor", describe(value));
  }
  checkKeys(where, value, ["notebook", "anchor"]);
  if (!/^notebooks\/\d\d-[\w-]+\.ipynb$/.test(value.notebook)) throw new ErrataFormatError(`${where}.notebook`, "notebooks/NN-name.ipynb", JSON.stringify(value.notebook));
  return { notebook: value.notebook, anchor: value.anchor };
}

function validRow(index: number, value: unknown, named: Record<string, ErrataSource>): Erratum {
  const where = `${FILE} rows[${index}]${isObject(value) && typeof value.id === "string" ? ` (${value.id})` : ""}`;
  if (!isObject(value)) throw new ErrataFormatError(where, "an object", describe(value));
  checkKeys(where, value, ROW_KEYS);
  for (const key of REQUIRED_TEXT) {
    if (typeof value[key] !== "string" || (value[key] as string).trim() === "") throw new ErrataFormatError(`${where}.${key}`, "a non-empty string", describe(value[key]));
  }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value.id as string)) throw new ErrataFormatError(`${where}.id`, "a kebab-case id", JSON.stringify(value.id));
  if (!VERDICTS.includes(value.verdict as Verdict)) throw new ErrataFormatError(`${where}.verdict`, `one of ${VERDICTS.join(", ")}`, describe(value.verdict));
  if (value.quoteFormat !== undefined && value.quoteFormat !== "code") throw new ErrataFormatError(`${where}.quoteFormat`, '"code" or no field', describe(value.quoteFormat));
  if (!Array.isArray(value.sources)) throw new ErrataFormatError(`${where}.sources`, "an array (empty when none)", describe(value.sources));
  const proof = validProof(`${where}.proof`, value.proof);
  return {
    id: value.id as string,
    section: value.section as string,
    quote: value.quote as string,
    ...(value.quoteFormat ? { quoteFormat: "code" as const } : {}),
    verdict: value.verdict as Verdict,
    evidence: value.evidence as string,
    evidenceZh: value.evidenceZh as string,
    fix: value.fix as string,
    ...(proof ? { proof } : {}),
    sources: value.sources.map((s, k) => validSource(`${where}.sources[${k}]`, s, named)),
  };
}

/** Validates parsed errata JSON (`{sources?, rows}`) into rows with their sources resolved; throws ErrataFormatError. */
export function parseErrata(file: unknown): Erratum[] {
  if (!isObject(file) || !Array.isArray(file.rows)) throw new ErrataFormatError(FILE, '{"rows": [...]} (and optionally "sources", "$comment")', describe(file));
  checkKeys(FILE, file, ["$comment", "sources", "rows"]);
  const named: Record<string, ErrataSource> = {};
  if (file.sources !== undefined) {
    if (!isObject(file.sources)) throw new ErrataFormatError(`${FILE} sources`, "an object of named sources", describe(file.sources));
    for (const [name, source] of Object.entries(file.sources)) named[name] = validSource(`${FILE} sources.${name}`, source, {});
  }
  const rows = file.rows.map((row, i) => validRow(i, row, named));
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) throw new ErrataFormatError(`${FILE} rows`, "unique ids", `${row.id} twice`);
    seen.add(row.id);
  }
  return rows;
}

let cached: readonly Erratum[] | undefined;

/** The article's errata, in article order (validated on first use). */
export function loadErrata(): readonly Erratum[] {
  return (cached ??= Object.freeze(parseErrata(errataFile)));
}

/** The verbatim pieces of a quote: its text split at “…”, trimmed. */
export const quotePieces = (quote: string): string[] => quote.split("…").map((p) => p.trim()).filter((p) => p !== "");

/** Text as compared with quotes: Markdown emphasis (`**`) dropped, every run of white space one space. */
export const comparableText = (text: string): string => text.replace(/\*\*/g, "").replace(/\s+/g, " ");

/** The pieces of `quote` not found in `article`, in order (each after the previous one); empty when the quote is verbatim. */
export function missingQuotePieces(article: string, quote: string): string[] {
  const text = comparableText(article);
  const missing: string[] = [];
  let from = 0;
  for (const piece of quotePieces(quote).map(comparableText)) {
    const at = text.indexOf(piece, from);
    if (at < 0) missing.push(piece);
    else from = at + piece.length;
  }
  return missing;
}

/** Counts of each verdict. */
export function verdictCounts(errata: readonly Erratum[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const e of errata) counts[e.verdict] += 1;
  return counts;
}

const VERDICT_TEXT: Record<Verdict, () => string> = {
  wrong: () => t`wrong`,
  misleading: () => t`misleading`,
  outdated: () => t`outdated`,
  correct: () => t`correct`,
  unverifiable: () => t`unverifiable`,
};

/** A verdict as the table names it, in the book's language. */
export const verdictLabel = (verdict: Verdict): string => VERDICT_TEXT[verdict]();

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string): string => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``);
const quoteCell = (e: Erratum): string => (e.quoteFormat === "code" ? quotePieces(e.quote).map(code).join(" … ") : e.quote);

function proofCell(e: Erratum, linkBase: string, inNotebook: string | undefined): string {
  if (!e.proof) return "";
  const name = e.proof.notebook.split("/").pop()!;
  if (inNotebook && e.proof.notebook.endsWith(inNotebook)) return `[${t`computed here`}](#${e.proof.anchor})`;
  // A translated table links its own edition of the notebook (notebooks/<lang>/, same file name and anchors).
  const lang = language();
  const notebook = lang === "en" ? e.proof.notebook : e.proof.notebook.replace(/^notebooks\//, `notebooks/${lang}/`);
  return `[${name}](${linkBase}${notebook}#${e.proof.anchor})`;
}

/** A section reference in the book's language (sections use §-numbers and these two words). */
const sectionText = (section: string): string =>
  section.replace("Title", t`Title`).replace("abstract", t`abstract`).replace(/, /g, t`, `);

/**
 * The errata as a Markdown table in the book's language (a translated table has translated headers,
 * verdicts and evidence, the quote as the article wrote it, proof links to that edition's notebooks).
 * `linkBase` is prepended to proof links and `repo:` sources (e.g. "" from the repository root, "../"
 * from docs/); inside the notebook `inNotebook` (its file name) turns its own proof links into anchors.
 */
export function errataMarkdown(options: { linkBase?: string; inNotebook?: string } = {}): string {
  const unknown = Object.keys(options).filter((k) => !["linkBase", "inNotebook"].includes(k));
  if (unknown.length > 0) throw new InvalidArgumentError(`errataMarkdown.${unknown[0]}`, "one of linkBase, inNotebook", `unknown option "${unknown[0]}"`);
  const { linkBase = "", inNotebook } = options;
  const errata = loadErrata();
  const counts = Object.entries(verdictCounts(errata)).map(([v, k]) => t`${k} ${verdictLabel(v as Verdict)}`);
  const header = [
    t`${errata.length} claims checked: ${counts.reduce((list, item) => t`${list}, ${item}`)}.`,
    "",
    t`| # | § | Article says | Verdict | Evidence | Fix | Proof · sources |`,
    "|---|---|---|---|---|---|---|",
  ];
  const rows = errata.map((e, i) => {
    const sources = e.sources.map((s, k) => `[${k + 1}](${s.url.startsWith("repo:") ? linkBase + s.url.slice(5) : s.url} "${s.title.replace(/"/g, "'")}")`).join(" ");
    const proofAndSources = [proofCell(e, linkBase, inNotebook), sources ? `${t`sources`} ${sources}` : ""].filter(Boolean);
    const evidence = language() === "zh" ? e.evidenceZh : e.evidence;
    const proof = proofAndSources.length === 2 ? t`${proofAndSources[0]}; ${proofAndSources[1]}` : proofAndSources.join("");
    return `| ${i + 1} | ${cell(sectionText(e.section))} | ${cell(quoteCell(e))} | **${verdictLabel(e.verdict)}** | ${cell(evidence)} | ${cell(e.fix)} | ${cell(proof)} |`;
  });
  return [...header, ...rows].join("\n");
}

/** `text` cut to at most `max` characters at a word or piece boundary, with … when cut. */
function shortQuote(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf(" "), cut.lastIndexOf("，"), cut.lastIndexOf("、"));
  return `${(at > max / 2 ? cut.slice(0, at) : cut).trimEnd()} …`;
}

/**
 * The errata in brief, for a README in the book's language: the verdict counts, then one line for each
 * claim judged wrong (section, the article's words cut short, and where the proof is), and a link to
 * the whole table (`tableLink`).
 */
export function errataSummaryMarkdown(options: { linkBase?: string; tableLink: string }): string {
  const unknown = Object.keys(options).filter((k) => !["linkBase", "tableLink"].includes(k));
  if (unknown.length > 0) throw new InvalidArgumentError(`errataSummaryMarkdown.${unknown[0]}`, "one of linkBase, tableLink", `unknown option "${unknown[0]}"`);
  const { linkBase = "", tableLink } = options;
  const errata = loadErrata();
  const counts = Object.entries(verdictCounts(errata)).map(([v, k]) => t`${k} ${verdictLabel(v as Verdict)}`);
  const rows = errata.flatMap((e, i) => {
    if (e.verdict !== "wrong") return [];
    const quote = e.quoteFormat === "code" ? code(shortQuote(quotePieces(e.quote)[0], 60)) : shortQuote(e.quote, 60);
    const source = e.sources[0] && `[${t`source`}](${e.sources[0].url.startsWith("repo:") ? linkBase + e.sources[0].url.slice(5) : e.sources[0].url})`;
    const proof = e.proof ? proofCell(e, linkBase, undefined).replace(/^\[[^\]]*\]/, `[${t`notebook ${e.proof.notebook.split("/").pop()!.slice(0, 2)}`}]`) : source || "—";
    return [`| ${i + 1} | ${cell(sectionText(e.section))} | ${cell(quote)} | ${cell(proof)} |`];
  });
  const list = counts.reduce((all, item) => t`${all}, ${item}`);
  return [
    t`${errata.length} claims checked: ${list}. The claims judged wrong are below; the [whole table](${tableLink}) gives every claim with its evidence, its fix and its sources.`,
    "",
    t`| # | § | Article says | Proof |`,
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}
