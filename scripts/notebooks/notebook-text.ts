// Converts between .ipynb and a plain "percent" text form for writing and review:
//   // %% [markdown]        a markdown cell (its lines prefixed with "// ")
//   // %%                   a code cell
//   // %% [listing]         a code cell that reproduces one of the article's listings whole (may be long)
//   // %% [exercise NN.k]   the code a learner edits for exercise NN.k …
//   // %% [solution NN.k]   … and its solution (kept in the exercise cell's metadata, run by the tests)
//   // %% [checks]          the checks of the article's claims (source collapsed in JupyterLab)
//   // %% [figures]         JSON: key → { value: a TypeScript expression, unit, label } — the figures
//                           README and docs cite, computed after the notebook ran (notebook metadata)
// Usage: tsx scripts/notebooks/notebook-text.ts to-ipynb notebook.txt.ts out.ipynb
//        tsx scripts/notebooks/notebook-text.ts to-text notebook.ipynb out.txt.ts
import { readFileSync, writeFileSync } from "node:fs";

type CellMeta = { mnist_prep?: { exercise?: string; solution?: string; listing?: boolean; checks?: boolean }; jupyter?: { source_hidden?: boolean } };
interface Cell { cell_type: "markdown" | "code"; source: string[]; metadata: CellMeta; outputs?: unknown[]; execution_count?: null; id?: string }
type Figures = Record<string, { value: string; unit?: string; label: string }>;

const lines = (text: string): string[] => {
  const parts = text.replace(/\s+$/, "").split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l));
};

const MARKER = /^\/\/ %%(?: \[(markdown|listing|checks|figures|exercise|solution)(?: (\d\d\.\d+))?\])?\s*$/;

/** Parses percent text into notebook cells and the notebook's figures. */
export function textToCells(text: string): { cells: Cell[]; figures?: Figures } {
  const cells: Cell[] = [];
  let figures: Figures | undefined;
  let current: { kind: string; id?: string; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const body = current.body.join("\n").replace(/^\n+|\s+$/g, "");
    const { kind, id } = current;
    if (kind === "figures") figures = JSON.parse(body) as Figures;
    else if (kind === "solution") {
      const exercise = [...cells].reverse().find((c) => c.metadata.mnist_prep?.exercise === id);
      if (!exercise) throw new Error(`notebook-text: solution ${id} follows no exercise ${id} cell`);
      exercise.metadata.mnist_prep!.solution = body;
    } else if (body.length > 0) {
      const metadata: CellMeta = kind === "listing" ? { mnist_prep: { listing: true } }
        : kind === "exercise" ? { mnist_prep: { exercise: id } }
        : kind === "checks" ? { mnist_prep: { checks: true }, jupyter: { source_hidden: true } }
        : {};
      cells.push(kind === "markdown"
        ? { cell_type: "markdown", metadata, source: lines(body) }
        : { cell_type: "code", metadata, source: lines(body), outputs: [], execution_count: null });
    }
  };
  for (const line of text.split("\n")) {
    const marker = MARKER.exec(line);
    if (marker) {
      flush();
      const kind = marker[1] ?? "code";
      if ((kind === "exercise" || kind === "solution") && !marker[2]) throw new Error(`notebook-text: ${line} needs an id, e.g. [${kind} 06.1]`);
      current = { kind, id: marker[2], body: [] };
    } else if (current) {
      current.body.push(current.kind === "markdown" || current.kind === "figures" ? line.replace(/^\/\/ ?/, "") : line);
    }
  }
  flush();
  const unsolved = cells.filter((c) => c.metadata.mnist_prep?.exercise && !c.metadata.mnist_prep.solution);
  if (unsolved.length > 0) throw new Error(`notebook-text: exercise ${unsolved[0].metadata.mnist_prep!.exercise} has no [solution] cell`);
  return { cells, figures };
}

/** Serialises cells (and figures) as a clean tslab notebook. */
export function cellsToNotebook(cells: Cell[], figures?: Figures): string {
  const nb = {
    cells,
    metadata: {
      kernelspec: { display_name: "TypeScript (tslab)", language: "typescript", name: "tslab" },
      language_info: { codemirror_mode: { mode: "typescript", name: "javascript", typescript: true }, file_extension: ".ts", mimetype: "text/typescript", name: "typescript", version: "3.7.2" },
      ...(figures ? { mnist_prep: { figures } } : {}),
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  nb.cells.forEach((c, i) => Object.assign(c, { id: `cell-${String(i).padStart(3, "0")}` }));
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Renders a notebook back to percent text. */
export function notebookToText(json: string): string {
  const nb = JSON.parse(json) as { cells: Array<{ cell_type: string; source: string[] | string; metadata?: CellMeta }>; metadata?: { mnist_prep?: { figures?: Figures } } };
  const text = nb.cells.map((c) => {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    if (c.cell_type === "markdown") return `// %% [markdown]\n${src.split("\n").map((l) => (l ? `// ${l}` : "//")).join("\n")}\n`;
    const meta = c.metadata?.mnist_prep;
    if (meta?.exercise) return `// %% [exercise ${meta.exercise}]\n${src}\n\n// %% [solution ${meta.exercise}]\n${meta.solution ?? ""}\n`;
    const kind = meta?.listing ? " [listing]" : meta?.checks ? " [checks]" : "";
    return `// %%${kind}\n${src}\n`;
  });
  const figures = nb.metadata?.mnist_prep?.figures;
  if (figures) text.push(`// %% [figures]\n${JSON.stringify(figures, null, 2).split("\n").map((l) => `// ${l}`).join("\n")}\n`);
  return text.join("\n");
}

if (require.main === module) {
  const [mode, from, to] = process.argv.slice(2);
  if (mode === "to-ipynb") {
    const { cells, figures } = textToCells(readFileSync(from, "utf8"));
    writeFileSync(to, cellsToNotebook(cells, figures));
  } else if (mode === "to-text") writeFileSync(to, notebookToText(readFileSync(from, "utf8")));
  else {
    console.error("usage: notebook-text.ts to-ipynb <text> <ipynb> | to-text <ipynb> <text>");
    process.exit(2);
  }
}
