// Converts between .ipynb and a plain "percent" text form for editing and review:
//   // %% [markdown]      starts a markdown cell (its lines prefixed with "// ")
//   // %%                 starts a code cell
// Usage: tsx scripts/notebook-text.ts to-ipynb notebook.txt.ts out.ipynb
//        tsx scripts/notebook-text.ts to-text notebook.ipynb out.txt.ts
import { readFileSync, writeFileSync } from "node:fs";

interface Cell { cell_type: "markdown" | "code"; source: string[]; metadata: object; outputs?: unknown[]; execution_count?: null }

const lines = (text: string): string[] => {
  const parts = text.replace(/\s+$/, "").split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l));
};

/** Parses percent text into notebook cells. */
export function textToCells(text: string): Cell[] {
  const cells: Cell[] = [];
  let current: { type: "markdown" | "code"; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const body = current.body.join("\n").replace(/^\n+|\s+$/g, "");
    if (body.length > 0) {
      cells.push(current.type === "markdown"
        ? { cell_type: "markdown", metadata: {}, source: lines(body) }
        : { cell_type: "code", metadata: {}, source: lines(body), outputs: [], execution_count: null });
    }
  };
  for (const line of text.split("\n")) {
    const marker = /^\/\/ %%( \[markdown\])?\s*$/.exec(line);
    if (marker) {
      flush();
      current = { type: marker[1] ? "markdown" : "code", body: [] };
    } else if (current) {
      current.body.push(current.type === "markdown" ? line.replace(/^\/\/ ?/, "") : line);
    }
  }
  flush();
  return cells;
}

/** Serialises cells as a clean tslab notebook. */
export function cellsToNotebook(cells: Cell[]): string {
  const nb = {
    cells,
    metadata: {
      kernelspec: { display_name: "TypeScript (tslab)", language: "typescript", name: "tslab" },
      language_info: { codemirror_mode: { mode: "typescript", name: "javascript", typescript: true }, file_extension: ".ts", mimetype: "text/typescript", name: "typescript", version: "3.7.2" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  nb.cells.forEach((c, i) => Object.assign(c, { id: `cell-${String(i).padStart(3, "0")}` }));
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Renders a notebook back to percent text. */
export function notebookToText(json: string): string {
  const nb = JSON.parse(json) as { cells: Array<{ cell_type: string; source: string[] | string }> };
  return nb.cells.map((c) => {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    return c.cell_type === "markdown"
      ? `// %% [markdown]\n${src.split("\n").map((l) => (l ? `// ${l}` : "//")).join("\n")}\n`
      : `// %%\n${src}\n`;
  }).join("\n");
}

if (require.main === module) {
  const [mode, from, to] = process.argv.slice(2);
  if (mode === "to-ipynb") writeFileSync(to, cellsToNotebook(textToCells(readFileSync(from, "utf8"))));
  else if (mode === "to-text") writeFileSync(to, notebookToText(readFileSync(from, "utf8")));
  else {
    console.error("usage: notebook-text.ts to-ipynb <text> <ipynb> | to-text <ipynb> <text>");
    process.exit(2);
  }
}
