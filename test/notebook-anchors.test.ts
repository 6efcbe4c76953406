// Proof links (README, docs) point at anchors in notebooks; an anchor only renders in a markdown cell.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(__dirname, "..");
type Cell = { cell_type: string; source: string | string[] };
const cells = (name: string) => (JSON.parse(readFileSync(join(ROOT, "notebooks", name), "utf8")) as { cells: Cell[] }).cells;
const text = (cell: Cell) => ([] as string[]).concat(cell.source).join("");

/** Anchors (`<a id="…">`) of a notebook, by the kind of cell they sit in. */
function anchors(name: string): { markdown: Set<string>; code: string[] } {
  const result = { markdown: new Set<string>(), code: [] as string[] };
  for (const cell of cells(name)) {
    for (const [, id] of text(cell).matchAll(/<a id="([^"]+)"/g)) {
      if (cell.cell_type === "markdown") result.markdown.add(id);
      else result.code.push(id);
    }
  }
  return result;
}

test("notebook anchors sit in markdown cells, where they render", () => {
  for (const name of readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"))) {
    assert.deepEqual(anchors(name).code, [], `${name}: anchors inside code cells`);
  }
});

test("every link to a notebook anchor in README and docs lands on one", () => {
  const pages = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => join("docs", f))];
  let links = 0;
  for (const page of pages) {
    for (const [, name, id] of readFileSync(join(ROOT, page), "utf8").matchAll(/notebooks\/(\d\d-[\w-]+\.ipynb)#([\w-]+)/g)) {
      links++;
      assert.ok(anchors(name).markdown.has(id), `${page}: ${name}#${id} has no markdown anchor`);
    }
  }
  assert.ok(links > 10, `proof links found: ${links}`);
});
