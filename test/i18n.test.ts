import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";
import { InvalidArgumentError } from "../src";
import { Checks, MissingTranslationError, fillTemplate, inLanguage, parseLang, templateKey, translator } from "../src/book";
import { ZH, ZH_PARTS } from "../src/book/i18n/zh";
import { translatedKeys } from "../scripts/editions/i18n-keys";
import { listNotebooks } from "../scripts/notebooks";

const ROOT = join(__dirname, "..");
const placeholders = (text: string) => [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join();

test("a translator keys templates by their literal parts and fills the values into the translation", () => {
  assert.equal(templateKey(["", " of ", " checks"]), "{0} of {1} checks");
  assert.equal(fillTemplate("{1} 中的 {0}", ["a", "b"]), "b 中的 a");
  const t = translator("zh", { "{0} of {1} checks": "{1} 项中的 {0} 项", "plain": "朴素" });
  assert.equal(t`${3} of ${4} checks`, "4 项中的 3 项");
  assert.equal(t("plain"), "朴素");
  assert.throws(() => t`not in the catalogue ${1}`, (e: Error) => e instanceof MissingTranslationError && /"not in the catalogue \{0\}"/.test(e.message));
  const en = translator("en");
  assert.equal(en`${3} of ${4} checks`, "3 of 4 checks");
});

test("parseLang accepts en, zh and their regional forms, and names anything else", () => {
  assert.deepEqual(["en", "en-GB", "zh", "zh-CN", "中文"].map((l) => parseLang(l)), ["en", "en", "zh", "zh", "zh"]);
  assert.throws(() => parseLang("fr"), (e: Error) => e instanceof InvalidArgumentError && /lang: expected one of en, zh, found "fr"/.test(e.message));
});

test("checks speak the notebook's language", () => {
  let text = "";
  const checks = new Checks((bundle) => void (text = String(bundle["text/plain"])));
  inLanguage("zh", () => {
    checks.equal("一", 1, 2);
    assert.throws(() => checks.done());
  });
  assert.deepEqual(text.split("\n"), ["✗ 0/1 项检查通过", "✗ 一——应为 2，实际为 1"]);
});

test("translatedKeys finds t`…`, nb.t`…`, this.t`…` and t(\"…\") and nothing else", () => {
  const keys = translatedKeys('const a = t`x ${1} y`; nb.t`plain`; this.t`${a}/${b} z`; t("call"); other`no`; t(variable);');
  assert.deepEqual(keys, ["x {0} y", "plain", "{0}/{1} z", "call"]);
});

test("the 中文 catalogue's files agree where they share a template, and keep every placeholder", () => {
  const seen = new Map<string, [string, string]>();
  for (const [part, catalogue] of Object.entries(ZH_PARTS)) {
    for (const [key, value] of Object.entries(catalogue)) {
      assert.notEqual(value.trim(), "", `${part}: empty translation of ${JSON.stringify(key)}`);
      assert.equal(placeholders(value), placeholders(key), `${part}: ${JSON.stringify(key)} → ${JSON.stringify(value)} changes the placeholders`);
      const earlier = seen.get(key);
      assert.ok(earlier === undefined || earlier[1] === value, `${part} and ${earlier?.[0]} translate ${JSON.stringify(key)} differently`);
      seen.set(key, [part, value]);
    }
  }
});

/** Every template the package's own sources and its scripts (the reproduce report) translate. */
function sourceKeys(): string[] {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
  return [...files(join(ROOT, "src")), ...files(join(ROOT, "scripts"))].flatMap((f) => translatedKeys(readFileSync(f, "utf8")));
}

/** Every template the English notebooks' code cells translate. */
function notebookKeys(): string[] {
  return listNotebooks().flatMap((path) => {
    const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: Array<{ cell_type: string; source: string | string[] }> };
    return nb.cells.filter((c) => c.cell_type === "code").flatMap((c) => translatedKeys(([] as string[]).concat(c.source).join("")));
  });
}

test("every template the package and the notebooks show has a 中文 translation, and the catalogue holds no other", () => {
  const used = new Set([...sourceKeys(), ...notebookKeys()]);
  assert.deepEqual([...used].filter((k) => ZH[k] === undefined), [], "templates without a 中文 translation");
  assert.deepEqual(Object.keys(ZH).filter((k) => !used.has(k)), [], "中文 translations no code uses (stale)");
});
