// The 中文 edition's code: display strings translated through a notebook's table, everything else as written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isDisplayText, translateCode } from "../scripts/editions/code-strings";

const code = [
  'import { a } from "mnist-prep";',
  "const n = 3;",
  '// a comment with "quoted words"',
  "showTable(rows, { caption: `Per-class metrics on ${n} images` });",
  "console.log(\"test accuracy\", n, 'single quoted text');",
  'const k = { "digit label": 1, activation: "relu" };',
  "showPlot(fig(`nested ${fmt(`inner ${n} value`)} outer`));",
  "const x = tag`tagged stays ${n}`;",
  "",
].join("\n");

test("display strings, template keys with their placeholders, nested templates and quoted keys are translated", () => {
  const table = {
    "Per-class metrics on {0} images": "{0} 张图像上的各类指标", "single quoted text": "单引号'文本", "digit label": "数字标签",
    "nested {0} outer": "外层 {0} 嵌套", "inner {0} value": "内层 {0} 值", "test accuracy": "测试准确率",
  };
  const { code: zh, missing } = translateCode(code, table);
  assert.deepEqual(missing, []);
  assert.equal(zh, [
    'import { a } from "mnist-prep";',
    "const n = 3;",
    '// a comment with "quoted words"',
    "showTable(rows, { caption: `${n} 张图像上的各类指标` });",
    "console.log(\"测试准确率\", n, '单引号\\'文本');",
    'const k = { "数字标签": 1, activation: "relu" };',
    "showPlot(fig(`外层 ${fmt(`内层 ${n} 值`)} 嵌套`));",
    "const x = tag`tagged stays ${n}`;",
    "",
  ].join("\n"));
});

test("a placeholder may move: the translation decides the order", () => {
  assert.equal(translateCode("f(`${a} of ${b} checks`);", { "{0} of {1} checks": "{1} 项中的 {0} 项" }).code, "f(`${b} 项中的 ${a} 项`);");
});

test("without a table entry a display string is reported and left alone; one-word strings and module names are not display text", () => {
  const { code: same, missing } = translateCode(code, {});
  assert.equal(same, code);
  assert.deepEqual(missing, ["Per-class metrics on {0} images", "test accuracy", "single quoted text", "digit label", "nested {0} outer", "inner {0} value"]);
  assert.equal(isDisplayText("relu"), false);
  assert.equal(isDisplayText("val_loss"), false);
  assert.equal(isDisplayText("{0} {1}"), false);
  assert.equal(isDisplayText("test accuracy"), true);
});
