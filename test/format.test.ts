// Numbers and table rows as the notebooks write them.
import assert from "node:assert/strict";
import { test, beforeEach } from "node:test";
import { setLanguage } from "../src/book/i18n";
import { pct, pValueText, transferRow } from "../src/book/notebook/format";

beforeEach(() => setLanguage("en"));

const SUMMARY = { labelsPerClass: 10, epochs: 30, scratch: 0.85, frozen: 0.92, whole: 0.9, scratchSd: 0.01, frozenSd: 0.02, wholeSd: 0.015, wins: 4, seeds: 5, onlyScratch: 3, onlyWhole: 9, pooledP: 0.00002 };

test("percentages", () => {
  assert.equal(pct(0.98456), "98.5%");
  assert.equal(pct(0.98456, 2), "98.46%");
});

test("p-values: four decimals down to 1e-4, then a digit times a power of ten in superscript", () => {
  assert.equal(pValueText(0.38), "0.3800");
  assert.equal(pValueText(2.2e-167), "2·10⁻¹⁶⁷");
  assert.equal(pValueText(1.4e-39), "1·10⁻³⁹");
  assert.equal(pValueText(0), "< 10⁻³⁰⁰");
});

test("a row of the transfer table: mean ± sd over several seeds, the mean alone over one", () => {
  assert.deepEqual(transferRow(SUMMARY), {
    "labels per class": 10, epochs: 30, "from scratch %": "85.00 ± 1.00", "fine-tuned, frozen base %": "92.00 ± 2.00", "fine-tuned, whole network %": "90.00 ± 1.50",
    "whole beats scratch": "4 of 5", "only scratch right / only whole right": "3 / 9", "p, whole vs scratch": "< 0.0001",
  });
  assert.equal(transferRow({ ...SUMMARY, seeds: 1, wins: 1, pooledP: 0.25 })["from scratch %"], "85.00");
  assert.equal(transferRow({ ...SUMMARY, seeds: 1, wins: 1, pooledP: 0.25 })["p, whole vs scratch"], "0.2500");
});

test("the transfer table's words come in the reader's language; the numbers stay as they are", () => {
  setLanguage("zh");
  const row = transferRow(SUMMARY);
  assert.equal(row["整个网络胜过从头训练"], "5 次中 4 次");
  const english = /[A-Za-z]{2,}/;
  const words = Object.keys(row).filter((w) => english.test(w));
  assert.deepEqual(words, [], "English words left in the 中文 table");
});
