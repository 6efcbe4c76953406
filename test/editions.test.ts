import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import test from "node:test";
import { buildEditions, cellHash, parseTranslation, stubSource, translationProblems, zhCode, zhNotebook, ZH_DIR, ZH_TEXT_DIR } from "../scripts/editions/editions";
import { listNotebooks } from "../scripts/notebooks";

const english = {
  cells: [
    { cell_type: "markdown", source: ['<a id="e-x"></a>\n', "## Title\n", "Text <!-- figure:test-accuracy -->99.40%<!-- /figure -->."] },
    { cell_type: "code", source: ["const nb = await startNotebook();\n", 'nb.checks.that(nb.t`claim`, true);'] },
    { cell_type: "markdown", source: ["Second cell."] },
  ],
};
const h0 = cellHash(english.cells[0].source.join("")), h2 = cellHash("Second cell.");
const translation = `<!-- en ${h0} -->\n<a id="e-x"></a>\n## 标题\n文本 <!-- figure:test-accuracy -->99.40%<!-- /figure -->。\n\n<!-- en ${h2} -->\n第二个单元格。\n`;

test("a complete translation builds the 中文 notebook: markdown translated, code unchanged but for the language", () => {
  const blocks = parseTranslation(translation);
  assert.deepEqual(translationProblems(english, blocks, "99-x.ipynb"), []);
  const zh = zhNotebook(english, blocks).notebook;
  assert.equal(([] as string[]).concat(zh.cells[0].source).join(""), '<a id="e-x"></a>\n## 标题\n文本 <!-- figure:test-accuracy -->99.40%<!-- /figure -->。');
  assert.equal(([] as string[]).concat(zh.cells[1].source).join(""), 'const nb = await startNotebook({ lang: "zh" });\nnb.checks.that(nb.t`claim`, true);');
  assert.equal(([] as string[]).concat(zh.cells[2].source).join(""), "第二个单元格。");
});

test("with a table of code strings, the 中文 code shows 中文 strings, figure labels and solutions too, and a missing display string is named", () => {
  const withStrings = {
    metadata: { mnist_prep: { figures: { "test-accuracy": { value: "acc", unit: "%", label: "test accuracy" } } } },
    cells: [
      english.cells[0],
      { cell_type: "code", source: ['const nb = await startNotebook();\nshowTable(rows, { caption: `Accuracy on ${n} images` });'] },
      { cell_type: "code", metadata: { mnist_prep: { exercise: "99.1", solution: 'console.log("the answer is", 42);' } }, source: ['console.log("your turn");'] },
      { cell_type: "markdown", source: ["Second cell."] },
    ],
  };
  const table = { "Accuracy on {0} images": "{0} 张图像上的准确率", "test accuracy": "测试准确率", "the answer is": "答案是", "your turn": "轮到你了" };
  const zh = zhNotebook(withStrings, parseTranslation(translation), table);
  assert.deepEqual(zh.missing, []);
  assert.equal(([] as string[]).concat(zh.notebook.cells[1].source).join(""), 'const nb = await startNotebook({ lang: "zh" });\nshowTable(rows, { caption: `${n} 张图像上的准确率` });');
  assert.equal(([] as string[]).concat(zh.notebook.cells[2].source).join(""), 'console.log("轮到你了");');
  assert.equal(zh.notebook.cells[2].metadata?.mnist_prep?.solution, 'console.log("答案是", 42);');
  assert.equal(zh.notebook.metadata?.mnist_prep?.figures?.["test-accuracy"].label, "测试准确率");
  const { "your turn": _, ...lacking } = table;
  assert.deepEqual(zhNotebook(withStrings, parseTranslation(translation), lacking).missing, ["your turn"]);
});

test("a changed English cell, a todo block, a lost anchor and an orphan block are each reported", () => {
  const edited = { cells: [{ ...english.cells[0] }, english.cells[1], { cell_type: "markdown", source: ["Second cell, edited."] }] };
  assert.match(translationProblems(edited, parseTranslation(translation), "99-x.ipynb").join("\n"), /markdown cell 2 \("Second cell, edited\.".*no translation[\s\S]*matches no English cell/);
  const todo = translation.replace(`<!-- en ${h2} -->`, `<!-- en ${h2} todo -->`);
  assert.match(translationProblems(english, parseTranslation(todo), "99-x.ipynb").join(), /marked todo/);
  const noAnchor = translation.replace('<a id="e-x"></a>\n', "");
  assert.match(translationProblems(english, parseTranslation(noAnchor), "99-x.ipynb").join(), /anchors none differ from the English e-x/);
});

test("an English notebook whose setup call the edition cannot rewrite is reported", () => {
  const withOptions = { cells: [english.cells[0], { cell_type: "code", source: ['const nb = await startNotebook({ profile: "quick" });'] }, english.cells[2]] };
  assert.match(translationProblems(withOptions, parseTranslation(translation), "99-x.ipynb").join(), /must call `await startNotebook\(\)`/);
});

test("refilled figure values and reflowed lines do not make a translation stale", () => {
  const refilled = english.cells[0].source.join("").replace("99.40%", "99.12%");
  assert.equal(cellHash(refilled), h0);
  assert.equal(cellHash(refilled.replace("Text ", "Text\n  ")), h0, "a line broken elsewhere");
  assert.notEqual(cellHash(refilled.replace("Text", "Words")), h0);
});

test("a stub keeps translated cells, keeps an edited cell's old translation marked todo, and gives a new cell its English", () => {
  const blocks = parseTranslation(`<!-- en ${cellHash("A")} -->\n甲\n\n<!-- en ${cellHash("B")} -->\n乙\n`);
  const stub = parseTranslation(stubSource(["A", "B, edited", "C"], blocks));
  assert.deepEqual(stub.map((b) => [b.todo, b.text]), [[false, "甲"], [true, "乙"], [true, "C"]]);
  assert.deepEqual(stub.map((b) => b.hash), [cellHash("A"), cellHash("B, edited"), cellHash("C")]);
});

test("zhCode changes only the setup call", () => {
  assert.equal(zhCode("const nb = await startNotebook(); // note"), 'const nb = await startNotebook({ lang: "zh" }); // note');
  assert.equal(zhCode("const x = 1;"), "const x = 1;");
});

const { files, problems } = buildEditions();
for (const path of listNotebooks()) {
  const name = basename(path);
  const source = join(ZH_TEXT_DIR, name.replace(/\.ipynb$/, ".md"));
  const todo = existsSync(source) ? undefined : `no 中文 translation source yet (${basename(source)})`;
  test(`the 中文 edition of ${name} is complete and up to date`, { todo }, () => {
    assert.deepEqual(problems.filter((p) => p.startsWith(name)), []);
    const built = files.get(join(ZH_DIR, name));
    assert.ok(built !== undefined, `${name}: not built`);
    const committed = join(ZH_DIR, name);
    assert.ok(existsSync(committed) && readFileSync(committed, "utf8") === built, `notebooks/zh/${name} is stale: run npx tsx scripts/editions/editions.ts`);
  });
}
