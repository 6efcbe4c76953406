import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { errataMarkdown, errataSummaryMarkdown, inLanguage, loadErrata } from "../src/book";
import { ErrataFormatError, missingQuotePieces, parseErrata, verdictCounts, verdictLabel } from "../src/book/article/errata";
import { InvalidArgumentError } from "../src/errors";
import { ERRATA_MD, ERRATA_ZH_MD, README, README_ZH, errataDocument, readmeWithErrata } from "../scripts/generate/errata-md";

const ROOT = join(__dirname, "..");
const ERRATA = loadErrata();

/** The article, when this checkout can see it: MNIST_ARTICLE, or ../shared/article.zh.md beside the repository. */
function articlePath(): string | undefined {
  const candidates = [process.env.MNIST_ARTICLE, resolve(ROOT, "..", "shared", "article.zh.md")];
  return candidates.find((p): p is string => !!p && existsSync(p));
}
const ARTICLE = articlePath();

/** Anchors (`<a id>`) in a notebook's markdown cells, the only cells where they render. */
function markdownAnchors(notebook: string): Set<string> {
  const cells = (JSON.parse(readFileSync(join(ROOT, notebook), "utf8")) as { cells: Array<{ cell_type: string; source: string | string[] }> }).cells;
  const ids = cells.filter((c) => c.cell_type === "markdown").flatMap((c) => [...([] as string[]).concat(c.source).join("").matchAll(/<a id="([^"]+)"/g)].map((m) => m[1]));
  return new Set(ids);
}

test("docs/errata.md is generated from src/book/article/errata.json and up to date", () => {
  assert.equal(readFileSync(ERRATA_MD, "utf8"), errataDocument(), "run: npx tsx scripts/generate/errata-md.ts");
});

test("README.md carries the same errata table, links relative to the repository root", () => {
  const readme = readFileSync(README, "utf8");
  assert.equal(readme, readmeWithErrata(readme), "run: npx tsx scripts/generate/errata-md.ts");
  assert.ok(readme.includes("](notebooks/01-environment-and-concepts.ipynb#e-mnist)"));
});

test("docs/errata.zh.md and README.zh.md carry the 中文 table generated from the same data and are up to date", () => {
  assert.equal(readFileSync(ERRATA_ZH_MD, "utf8"), errataDocument("zh"), "run: npx tsx scripts/generate/errata-md.ts");
  const readme = readFileSync(README_ZH, "utf8");
  assert.equal(readme, readmeWithErrata(readme, "zh"), "run: npx tsx scripts/generate/errata-md.ts");
  assert.ok(readme.includes("](notebooks/zh/01-environment-and-concepts.ipynb#e-mnist)"), "the 中文 README links the 中文 notebooks");
  assert.ok(readmeWithErrata(readme, "en") !== readme, "the English table is not what README.zh.md holds");
});

test("the 中文 table: Chinese headers, verdicts and evidence, the article's quote and the fix unchanged", () => {
  const md = inLanguage("zh", () => errataMarkdown({ linkBase: "../" }));
  const counts = verdictCounts(ERRATA);
  assert.ok(md.startsWith(`共核查 ${ERRATA.length} 条说法：错误 ${counts.wrong} 条，有误导性 ${counts.misleading} 条，`), md.slice(0, 80));
  assert.ok(md.includes("| # | § | 原文 | 结论 | 依据 | 更正 | 计算 · 来源 |"));
  const rows = md.split("\n").filter((l) => /^\| \d/.test(l));
  const asCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ").trim();
  assert.equal(rows.length, ERRATA.length);
  rows.forEach((row, i) => {
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
    assert.equal(cells.length, 9, row.slice(0, 80));
    const e = ERRATA[i];
    assert.equal(cells[4], `**${inLanguage("zh", () => verdictLabel(e.verdict))}**`);
    assert.ok(!/[A-Za-z]/.test(cells[2]), `section in 中文: ${cells[2]}`);
    assert.equal(cells[5], asCell(e.evidenceZh), `${e.id}: evidence in 中文`);
    assert.equal(cells[6], asCell(e.fix), `${e.id}: the fix as written`);
    if (e.quoteFormat !== "code") assert.equal(cells[3], asCell(e.quote), `${e.id}: the quote as the article wrote it`);
  });
  assert.ok(md.includes("(../notebooks/zh/04-augmentation.ipynb#e-zoom-size)"), "proofs link the 中文 notebooks");
  assert.ok(inLanguage("zh", () => errataMarkdown({ inNotebook: "05-math.ipynb" })).includes("[本笔记本中的计算](#e-4-1)"));
  assert.throws(() => errataMarkdown({ lang: "zh" } as never), (e: unknown) => e instanceof InvalidArgumentError && /unknown option "lang"/.test(e.message));
});

test("each Chinese evidence keeps every number, code span and link of the English one, and is Chinese", () => {
  const numbers = (text: string) => new Set(text.match(/\d+(?:\.\d+)?/g) ?? []);
  for (const e of ERRATA) {
    const zh = numbers(e.evidenceZh);
    assert.deepEqual([...numbers(e.evidence)].filter((n) => !zh.has(n)), [], `${e.id}: numbers missing from evidenceZh`);
    for (const span of [...(e.evidence.match(/`[^`]+`/g) ?? []), ...(e.evidence.match(/https?:\/\/\S+/g) ?? [])]) assert.ok(e.evidenceZh.includes(span), `${e.id}: ${span} missing from evidenceZh`);
    if (/\b[a-z]{3,}\b/.test(e.evidence.replace(/`[^`]+`/g, ""))) assert.ok((e.evidenceZh.match(/[\u4e00-\u9fff]/g) ?? []).length >= 3, `${e.id}: evidenceZh is not Chinese`);
  }
});

test("every quote is the article's own words: each piece between … occurs verbatim, in order", { skip: ARTICLE ? false : "the article is not in this checkout: set MNIST_ARTICLE=/path/to/article.zh.md (or place it at ../shared/article.zh.md) to check the quotes" }, () => {
  const article = readFileSync(ARTICLE!, "utf8");
  const misquoted = ERRATA.map((e) => ({ id: e.id, missing: missingQuotePieces(article, e.quote) })).filter((r) => r.missing.length > 0);
  assert.deepEqual(misquoted, [], "quotes must be verbatim (Markdown ** and line breaks aside); put our own words in the evidence");
});

test("the quote check finds our words inside a quote, a reordered cut and a paraphrase", () => {
  const article = "MNIST 数据集包含 **70,000** 个训练图像和 10,000 个测试图像。\n每个图像都是 28x28 像素的灰度图像。";
  assert.deepEqual(missingQuotePieces(article, "包含 70,000 个训练图像 … 28x28 像素"), [], "emphasis and cuts are allowed");
  assert.deepEqual(missingQuotePieces(article, "包含 70,000 个训练图像（共 80,000）"), ["包含 70,000 个训练图像（共 80,000）"]);
  assert.deepEqual(missingQuotePieces(article, "28x28 像素 … 包含 70,000 个训练图像"), ["包含 70,000 个训练图像"], "pieces must come in the article's order");
  assert.deepEqual(missingQuotePieces(article, "包含七万个训练图像"), ["包含七万个训练图像"]);
});

test("errata ids are unique and every claim judged wrong, misleading or outdated has a computation or a primary source", () => {
  assert.equal(new Set(ERRATA.map((e) => e.id)).size, ERRATA.length);
  const bare = ERRATA.filter((e) => !["correct", "unverifiable"].includes(e.verdict) && !e.proof && e.sources.length === 0).map((e) => e.id);
  assert.deepEqual(bare, ["structure-numbering", "outline-item-7", "transformer-translation"], "only those read off the article's own text");
});

test("every proof anchor exists in a markdown cell of its notebook", () => {
  for (const e of ERRATA.filter((x) => x.proof)) {
    const { notebook, anchor } = e.proof!;
    assert.ok(markdownAnchors(notebook).has(anchor), `${e.id}: ${notebook}#${anchor} has no <a id> in a markdown cell`);
  }
});

test("the errata file is validated: unknown fields, bad verdicts, unknown source keys and duplicate ids are errors naming the row", () => {
  const row = { id: "x", section: "§1", quote: "q", verdict: "wrong", evidence: "e", evidenceZh: "证据", fix: "f", sources: [] };
  assert.equal(parseErrata({ rows: [row] }).length, 1);
  const fails = (file: unknown, message: RegExp) => assert.throws(() => parseErrata(file), (e: unknown) => e instanceof ErrataFormatError && message.test(e.message));
  fails({ rows: [{ ...row, verdict: "false" }] }, /rows\[0\] \(x\)\.verdict: expected one of wrong, misleading, outdated, correct, unverifiable, found "false"/);
  fails({ rows: [{ ...row, note: "?" }] }, /rows\[0\] \(x\): expected only the fields .*, found unknown note/);
  fails({ rows: [{ ...row, sources: ["nowhere"] }] }, /sources\[0\]: expected a key of "sources" \(\) or \{title, url\}, found "nowhere"/);
  fails({ rows: [{ ...row, sources: [{ title: "t", url: "ftp://x" }] }] }, /sources\[0\]\.url: expected an http\(s\):\/\/ or repo: URL/);
  fails({ rows: [{ ...row, proof: { notebook: "05.ipynb", anchor: "a" } }] }, /proof\.notebook: expected notebooks\/NN-name\.ipynb/);
  fails({ rows: [{ ...row, fix: "" }] }, /\.fix: expected a non-empty string, found ""/);
  fails({ rows: [row, row] }, /expected unique ids, found x twice/);
  const withoutZh: Record<string, unknown> = { ...row };
  delete withoutZh.evidenceZh;
  fails({ rows: [withoutZh] }, /rows\[0\] \(x\)\.evidenceZh: expected a non-empty string, found nothing/);
  fails({ rows: {} }, /expected \{"rows": \[\.\.\.\]\}/);
  assert.deepEqual(parseErrata({ sources: { s: { title: "T", url: "https://e.org" } }, rows: [{ ...row, sources: ["s"] }] })[0].sources, [{ title: "T", url: "https://e.org" }]);
});

test("the Markdown table has one line per claim, pipes escaped, links rebased", () => {
  const md = errataMarkdown({ linkBase: "../" });
  const rows = md.split("\n").filter((l) => l.startsWith("| "));
  assert.equal(rows.length, ERRATA.length + 1, "header + one row per claim");
  for (const row of rows.slice(1)) assert.equal(row.split(/(?<!\\)\|/).length, 9, row.slice(0, 80));
  const counts = verdictCounts(ERRATA);
  assert.ok(md.startsWith(`${ERRATA.length} claims checked: ${counts.wrong} wrong, ${counts.misleading} misleading,`));
  assert.ok(md.includes("(../notebooks/05-math.ipynb#e-4-1)"));
  assert.ok(md.includes("(../docs/evidence/article-code.json "));
  assert.ok(md.includes("`valid_indices = np.where((train_images >= 0) & (train_images <= 255))` … `"), "code quotes as code, piece by piece");
  assert.ok(rows.find((r) => r.includes("随机缩放：将图像随机缩放到不同的大小"))!.includes("(../notebooks/04-augmentation.ipynb#e-zoom-size)"));
  const inNotebook = errataMarkdown({ linkBase: "../", inNotebook: "05-math.ipynb" });
  assert.ok(inNotebook.includes("[computed here](#e-4-1)") && !inNotebook.includes("05-math.ipynb#"));
});

test("the Adam row states the uncorrected step ratio (1−β₁ᵗ)/√(1−β₂ᵗ) as computed", () => {
  const ratio = (t: number) => (1 - 0.9 ** t) / Math.sqrt(1 - 0.999 ** t);
  const peak = Array.from({ length: 5000 }, (_, i) => i + 1).reduce((best, t) => (ratio(t) > ratio(best) ? t : best), 1);
  const row = ERRATA.find((e) => e.id === "adam-bias-correction")!;
  for (const [t, text] of [[1, "3.16× at t = 1"], [2, "4.25× at t = 2"], [peak, `6.57× at t = ${peak}`], [100, "3.24× at t = 100"], [1000, "1.26× at t = 1000"]] as const) {
    assert.ok(row.evidence.includes(text), `expected “${text}”`);
    assert.equal(ratio(t).toFixed(2), text.split("×")[0].split(" ").pop());
  }
  assert.equal(peak, 12);
});

test("the errata data ships in the package beside the compiled loader", { skip: existsSync(join(ROOT, "dist", "index.js")) ? false : "no dist/: run npm run build first" }, () => {
  const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Array<{ files: Array<{ path: string }> }>;
  const files = packed[0].files.map((f) => f.path);
  assert.ok(files.includes("dist/book/article/errata.json") && files.includes("dist/book/article/errata.js"), "dist/book/article/errata.json missing from npm pack");
});

test("the READMEs' summary: the counts, one row per claim judged wrong with its proof, and a link to the whole table", () => {
  const md = errataSummaryMarkdown({ tableLink: "docs/errata.md" });
  const wrong = ERRATA.filter((e) => e.verdict === "wrong");
  const rows = md.split("\n").filter((l) => /^\| \d/.test(l));
  assert.equal(rows.length, wrong.length);
  assert.ok(md.includes("](docs/errata.md)"));
  rows.forEach((row, i) => {
    const proof = wrong[i].proof;
    if (proof) assert.ok(row.endsWith(`(${proof.notebook}#${proof.anchor}) |`), row);
  });
  assert.ok(inLanguage("zh", () => errataSummaryMarkdown({ tableLink: "docs/errata.zh.md" })).includes("](notebooks/zh/"), "the 中文 summary links the 中文 notebooks");
  assert.throws(() => errataSummaryMarkdown({ tableLink: "x", lang: "zh" } as never), (e: unknown) => e instanceof InvalidArgumentError && /unknown option "lang"/.test(e.message));
});
