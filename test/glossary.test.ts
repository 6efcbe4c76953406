// The 中文 text keeps to docs/glossary.zh.md: one term per concept and the style rules, checked by
// scripts/editions/glossary.ts over every source of 中文 text; the checker itself is tested on planted text.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { checkAll, checkText, describeFindings, englishFigureValues, loadGlossary, parseGlossary, visibleText, ZH_SOURCES, zhTexts } from "../scripts/editions/glossary";

const ROOT = join(__dirname, "..");
const GLOSSARY = loadGlossary();
const rulesOf = (text: string, markdown = false) => checkText(text, "planted", GLOSSARY, { markdown }).map((f) => f.rule);

test("the glossary has one entry for every term the 中文 edition must agree on, and no term rejects another's", () => {
  const english = GLOSSARY.map((e) => e.english);
  assert.deepEqual(english.filter((e, i) => english.indexOf(e) !== i), [], "an English term twice");
  const required = [
    "notebook", "check(s)", "erratum, errata", "wrong (verdict)", "profile (quick/full)", "backend", "kernel (Jupyter)", "exercise",
    "summary (of a notebook)", "epoch", "step (one update)", "batch size", "learning rate", "optimizer", "loss", "accuracy", "labels",
    "validation set", "test set", "overfitting", "early stopping", "patience", "dropout", "data augmentation", "normalisation",
    "fine-tuning", "transfer learning", "convolutional base", "head", "confusion matrix", "categorical cross-entropy", "logits",
    "one-hot", "images per second", "binomial standard error", "McNemar's test", "huge pages", "ETA", "wheel (Python)",
  ];
  assert.deepEqual(required.filter((r) => !english.includes(r)), [], "terms missing from the glossary");
  for (const entry of GLOSSARY) {
    assert.ok(entry.term !== "" && entry.authority !== "", `${entry.english}: a term and its authority`);
    const rejectedElsewhere = GLOSSARY.filter((other) => other.rejected.includes(entry.term)).map((other) => other.english);
    assert.deepEqual(rejectedElsewhere, [], `${entry.english}: its term “${entry.term}” is rejected by another entry`);
  }
});

test("the glossary table is parsed cell by cell and a malformed table is an error", () => {
  const md = "| English | 译法 | 不用 | 可保留 | 依据 | 说明 |\n|---|---|---|---|---|---|\n| early stopping | 提前停止 | 早停、提前终止 | — | 原文 §9.4 | — |\n";
  assert.deepEqual(parseGlossary(md), [{ english: "early stopping", term: "提前停止", rejected: ["早停", "提前终止"], allowed: [], authority: "原文 §9.4", note: "—" }]);
  assert.throws(() => parseGlossary("no table"), /expected a table headed/);
  assert.throws(() => parseGlossary(md.replace("| — | 原文 §9.4 |", "| 原文 §9.4 |")), /expected 6 cells, found 5/);
});

test("a rejected variant is found, and its exemptions hold: code, the term containing it, a gloss, a quoted mention", () => {
  assert.deepEqual(rulesOf("验证损失不再下降时早停。"), ["glossary"]);
  assert.match(checkText("用早停防止过拟合。", "x", GLOSSARY, { markdown: false })[0].message, /“早停” — the glossary's term for early stopping is “提前停止”/);
  assert.deepEqual(rulesOf("在这些 notebook 里练习。"), ["glossary"]);
  assert.deepEqual(rulesOf("冻结卷积基座。"), ["glossary", "glossary"], "卷积基座 and 基座");
  assert.deepEqual(rulesOf("用 `early_stopping` 和 `notebook` 参数。"), [], "code spans are exempt");
  assert.deepEqual(rulesOf("这是第一个笔记本。"), [], "笔记 inside the term 笔记本");
  assert.deepEqual(rulesOf("结论：有误导性。"), [], "有误 inside the allowed 有误导性");
  assert.deepEqual(rulesOf("采用提前停止（early stopping）。"), [], "the English name glossed beside the term");
  assert.deepEqual(rulesOf("原文把它叫作“早停”。"), [], "a quoted mention");
  assert.deepEqual(rulesOf("安装 Jupyter Notebook。"), [], "an allowed product name");
  assert.deepEqual(rulesOf("notebooks/zh/ 和 errata.zh.md"), [], "paths and file names are not words");
});

test("each style rule finds its planted break and passes the fixed text", () => {
  const cases: Array<[string, string, string]> = [
    ["ascii-punctuation", "训练结束,开始评估", "训练结束，开始评估"],
    ["ascii-punctuation", "后端: tensorflow", "后端：tensorflow"],
    ["ascii-punctuation", "训练结束.", "训练结束。"],
    ["ascii-parenthesis", "训练模型 (§5.1–§5.2.6)", "训练模型（§5.1–§5.2.6）"],
    ["ascii-parenthesis", "见(笔记本 06)", "见（笔记本 06）"],
    ["ascii-quote", "所谓\"清洗\"", "所谓“清洗”"],
    ["spacing", "共70 000张", "共 70 000 张"],
    ["spacing", "调用`startNotebook()`即可", "调用 `startNotebook()` 即可"],
    ["spacing", "结论。 下一句", "结论。下一句"],
    ["percent", "保留了 8.5 % 的笔迹", "保留了 8.5% 的笔迹"],
    ["dash", "勘误 — 原文有误导性", "勘误——原文有误导性"],
    ["dash", "不存在 —— 请先训练", "不存在——请先训练"],
    ["multiplier", "步长大了 3.16 倍", "步长是正确值的 3.16 倍"],
    ["multiplier", "t = 1 时为 3.16×，", "t = 1 时为 3.16 倍，"],
    ["vs", "训练集 vs 验证集", "训练集与验证集"],
    ["unit", "每轮 18.5 s，", "每轮 18.5 秒，"],
    ["unit", "速度 2961 images/s。", "速度为每秒 2961 张。"],
    ["ellipsis", "然后...再训练", "然后……再训练"],
  ];
  for (const [rule, bad, good] of cases) {
    assert.ok(rulesOf(bad).includes(rule), `${rule} not found in ${JSON.stringify(bad)}: ${JSON.stringify(rulesOf(bad))}`);
    assert.deepEqual(rulesOf(good), [], `${JSON.stringify(good)} should pass`);
  }
  assert.deepEqual(rulesOf("## 4.1 神经网络模型 · Neural network model", true), ["heading"]);
  assert.deepEqual(rulesOf("## 3.4 数据增强 · Data augmentation——原图", true), ["heading"]);
  assert.deepEqual(rulesOf("## 4.3 随机梯度下降（SGD）", true), []);
  assert.deepEqual(rulesOf("第一行是中文，\n第二行也是中文。", true), ["line-break"], "a break between Chinese characters renders as a space");
  assert.deepEqual(rulesOf("第一行是中文，第二行也是中文。\n\n- 列表\n- 再一项", true), []);
  assert.deepEqual(rulesOf("用的是\n`code` 和 MNIST", true), [], "a break beside Latin or code is the space the style wants");
  assert.deepEqual(rulesOf("**结果解读。**\n原文", true), [], "a break that closes emphasis after 。 stays");
  assert.deepEqual(rulesOf("第一行是中文，\n第二行也是中文。"), [], "not markdown: no line rule");
  assert.deepEqual(rulesOf("详见 [docs/training.md](../../docs/training.md#seeds)。", true), ["english-link"]);
  assert.deepEqual(rulesOf("详见 [docs/training.md](../../docs/training.md#seeds)（英文）。", true), []);
  assert.match(checkText("同一张表也在 `docs/errata.md` 中。", "x", GLOSSARY)[0].message, /errata\.md is English: point to errata\.zh\.md/);
});

test("what the checker reads: code, math, links, HTML and figure values are masked; markup spaces CommonMark needs are not findings", () => {
  assert.equal(visibleText("用 `x, y` 和 $a, b$ 见[勘误表](../docs/errata.zh.md)<a id=\"e\"></a>"), "用 \uE000 和 \uE000 见勘误表");
  assert.equal(visibleText("为 <!-- figure:test-accuracy -->99.49%<!-- /figure -->。"), "为 0。");
  assert.deepEqual(rulesOf("**一处更正。** 原文说", true), [], "the space that closes **…。** before Chinese");
  assert.deepEqual(rulesOf("描述为 *“两个卷积层”*。", true), [], "the space that opens *“…");
  assert.deepEqual(rulesOf("《从零开始大模型开发与微调：MNIST数据集的准备》", true), [], "titles are names");
  assert.deepEqual(rulesOf("```\nconst a = 1, b = 2;\n早停\n```", true), [], "fenced code");
});

test("a variant planted in a real translation makes the check fail, naming the file and line", () => {
  const path = join(ROOT, ZH_SOURCES.translations, "06-training.md");
  const text = readFileSync(path, "utf8");
  assert.deepEqual(checkText(text, "06-training.md", GLOSSARY), [], "the translation as committed");
  const line = text.split("\n").findIndex((l) => l.includes("提前停止")) + 1;
  assert.ok(line > 0);
  const planted = checkText(text.replace("提前停止", "早停"), "06-training.md", GLOSSARY);
  const where = `06-training.md:${line}`;
  // 早停 itself, and the English gloss that now follows 早停 rather than the term
  assert.deepEqual(planted.map((f) => [f.where, f.rule, f.message.split(" — ")[0]]), [[where, "glossary", "“早停”"], [where, "glossary", "“early stopping”"]]);
  const catalogue = zhTexts().find((t) => t.where.includes('["early stopping"]'))!;
  assert.deepEqual(checkText(catalogue.text.replace("提前停止", "早停"), catalogue.where, GLOSSARY, { markdown: false }).map((f) => f.rule), ["glossary"]);
});

test("every source of 中文 text is found and read", () => {
  const where = zhTexts().map((t) => t.where);
  for (const source of [ZH_SOURCES.translations, ZH_SOURCES.editions, ZH_SOURCES.catalogue, ZH_SOURCES.errata, ZH_SOURCES.page, "README.zh.md", "docs/errata.zh.md"]) {
    assert.ok(where.some((w) => w.startsWith(source)), `no text read from ${source}`);
  }
  assert.ok(!where.some((w) => w.startsWith(ZH_SOURCES.glossary)), "the glossary lists rejected words: it is not checked as text");
  assert.throws(() => zhTexts(join(ROOT, "test")), /expected \*\.md files of the 中文 text, found none \(moved\? update ZH_SOURCES/);
});

test("the 中文 text follows the glossary and the style rules", () => {
  const findings = checkAll(GLOSSARY);
  assert.equal(findings.length, 0, `${findings.length} finding(s); npx tsx scripts/editions/glossary.ts lists them:\n${describeFindings(findings)}`);
});

test("figure values in the 中文 text carry Chinese units", () => {
  assert.deepEqual(englishFigureValues(), []);
});
