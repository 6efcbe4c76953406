import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ERRATA, errataMarkdown, proofLink, verdictCounts } from "../src";
import { ERRATA_MD, README, errataDocument, readmeWithErrata } from "../scripts/errata-md";

const ROOT = join(__dirname, "..");

test("docs/errata.md is generated from src/article/errata.ts and up to date", () => {
  assert.equal(readFileSync(ERRATA_MD, "utf8"), errataDocument(), "run: npx tsx scripts/errata-md.ts");
});

test("README.md carries the same errata table, links relative to the repository root", () => {
  const readme = readFileSync(README, "utf8");
  assert.equal(readme, readmeWithErrata(readme), "run: npx tsx scripts/errata-md.ts");
  assert.ok(readme.includes("](notebooks/05-math.ipynb#e-mnist)"));
});

test("errata ids are unique and verdicts are from the fixed set", () => {
  assert.equal(new Set(ERRATA.map((e) => e.id)).size, ERRATA.length);
  const counts = verdictCounts();
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), ERRATA.length);
  assert.ok(counts.wrong >= 15, "the article's known errors are all recorded");
});

test("every proof link points at an anchor that exists in its notebook", () => {
  const anchors = new Map<string, Set<string>>();
  for (const e of ERRATA.filter((x) => x.proof)) {
    const nb = e.proof!.notebook;
    if (!anchors.has(nb)) {
      const text = readFileSync(join(ROOT, nb), "utf8");
      anchors.set(nb, new Set([...text.matchAll(/<a id=\\"([^"\\]+)\\"><\/a>/g)].map((m) => m[1])));
    }
    assert.ok(anchors.get(nb)!.has(e.proof!.anchor), `${e.id}: ${proofLink(e)} has no <a id> in ${nb}`);
  }
});

test("every claim judged wrong, misleading or outdated has a computation or a primary source", () => {
  const bare = ERRATA.filter((e) => !["correct", "unverifiable"].includes(e.verdict) && !e.proof && e.sources.length === 0).map((e) => e.id);
  assert.deepEqual(bare, ["structure-numbering", "transformer-translation"], "only the two read off the article's own text");
  for (const e of ERRATA) for (const s of e.sources) assert.match(s.url, /^(https?:\/\/|repo:)/, `${e.id}: ${s.url}`);
});

test("the Markdown table has one line per claim, pipes escaped, links rebased", () => {
  const md = errataMarkdown({ linkBase: "../" });
  const rows = md.split("\n").filter((l) => l.startsWith("| "));
  assert.equal(rows.length, ERRATA.length + 1, "header + one row per claim");
  for (const row of rows.slice(1)) assert.equal(row.split(/(?<!\\)\|/).length, 9, row.slice(0, 80));
  assert.ok(md.includes("(../notebooks/05-math.ipynb#e-4-1)"));
  assert.ok(md.includes("(../docs/evidence/article-code.json "));
  const inNotebook = errataMarkdown({ linkBase: "../", inNotebook: "05-math.ipynb" });
  assert.ok(inNotebook.includes("[computed here](#e-4-1)") && !inNotebook.includes("05-math.ipynb#"));
});
