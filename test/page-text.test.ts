// The drawing page's two languages: which one a browser gets, and that both tables say the same things.
import assert from "node:assert/strict";
import test from "node:test";
import { fillText, groupDigits, PAGE_TEXT, pageLang } from "../src/deploy/web/strings";

test("the page speaks the reader's choice, else the browser's first language it knows, else English", () => {
  assert.equal(pageLang(null, ["zh-CN", "en-US"]), "zh");
  assert.equal(pageLang(null, ["zh-TW"]), "zh");
  assert.equal(pageLang(null, ["fr-FR", "zh", "en"]), "zh", "the first language the page speaks");
  assert.equal(pageLang(null, ["en-GB", "zh-CN"]), "en");
  assert.equal(pageLang(null, ["fr-FR", "de"]), "en");
  assert.equal(pageLang(null, []), "en");
  assert.equal(pageLang("en", ["zh-CN"]), "en", "the switch wins over the browser");
  assert.equal(pageLang("zh", ["en-US"]), "zh");
  assert.equal(pageLang("klingon", ["zh-CN"]), "zh", "an unknown stored value is ignored");
});

test("both tables have the same keys and the same {placeholders}", () => {
  const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  assert.deepEqual(Object.keys(PAGE_TEXT.zh).sort(), Object.keys(PAGE_TEXT.en).sort());
  for (const [key, en] of Object.entries(PAGE_TEXT.en)) {
    assert.equal(slots(PAGE_TEXT.zh[key as keyof typeof PAGE_TEXT.zh]), slots(en), key);
  }
});

test("fillText fills named values and leaves unknown ones; groupDigits groups the language's way", () => {
  assert.equal(fillText("{a} of {b}", { a: 1, b: "x" }), "1 of x");
  assert.equal(fillText("{a} {missing}", { a: 1 }), "1 {missing}");
  assert.equal(groupDigits(93322, "en"), "93,322");
  assert.equal(groupDigits(93322, "zh"), "93 322");
  assert.equal(groupDigits(512, "zh"), "512");
});
