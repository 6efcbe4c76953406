// Measured figures in README, docs and notebook prose come from docs/figures.json (a run), never typed.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { FIGURES, figureFiles, fillFigures, fillNotebook, filledFiles, readFigures, regionsOpeningLines, writeFigures, type FiguresFile } from "../scripts/generate/figures-md";
import { recordedFigures, runFigures } from "../scripts/reproduce";
import { pText, transferFigures } from "../scripts/experiments/transfer-seeds";
import { figureText } from "../src/book/notebook/show";

const record = (value: string | number, unit: string, notebook = "06-training") => ({ value, unit, label: "l", notebook, profile: "full", backend: "tensorflow", date: "2026-11-30" });
const FIGS: FiguresFile = { "test-accuracy": record("99.40", "%"), "epochs-run": record(10, "") };

test("every figure region in README.md, docs/*.md and the notebooks is filled from docs/figures.json", () => {
  const files = filledFiles(readFigures());
  assert.ok(files.some((f) => f.file === "README.md") && files.some((f) => f.file === "docs/training.md"), `files with figure regions: ${files.map((f) => f.file).join(", ")}`);
  const stale = files.filter((f) => f.filled !== f.current).map((f) => f.file);
  assert.deepEqual(stale, [], "stale figure regions: run npx tsx scripts/generate/figures-md.ts");
});

test("no figure region opens a line of prose, where markdown would break the paragraph at it", () => {
  assert.deepEqual(regionsOpeningLines("reached\n<!-- figure:test-accuracy -->99%<!-- /figure --> after"), [2], "a planted one");
  assert.deepEqual(regionsOpeningLines("- a\n  <!-- figure:x -->1<!-- /figure -->\n"), [2], "indented, in a list item");
  assert.deepEqual(regionsOpeningLines("reached <!-- figure:test-accuracy -->99%<!-- /figure -->\nafter"), []);
  const root = resolve(__dirname, "..");
  const found = figureFiles(root).flatMap((file) => {
    const text = readFileSync(join(root, file), "utf8");
    const parts = file.endsWith(".ipynb")
      ? (JSON.parse(text) as { cells: Array<{ cell_type: string; source: string[] }> }).cells.filter((c) => c.cell_type === "markdown").map((c) => c.source.join(""))
      : [text];
    return parts.flatMap((part, cell) => regionsOpeningLines(part).map((line) => (file.endsWith(".ipynb") ? `${file} markdown cell ${cell + 1} line ${line}` : `${file}:${line}`)));
  });
  assert.deepEqual(found, [], "join these lines to the line before");
});

test("docs/figures.json: every record says where it came from; no key is unused", () => {
  const figures = readFigures();
  const cited = new Set(filledFiles(figures).flatMap((f) => [...f.current.matchAll(/<!-- figure:(\S+) -->/g)].map((m) => m[1])));
  const uncitedHandCopied = Object.keys(figures).filter((k) => !cited.has(k) && figures[k].source !== undefined);
  assert.deepEqual(uncitedHandCopied, [], "hand-copied figures nothing cites: drop them from docs/figures.json");
  const raw = JSON.parse(readFileSync(FIGURES, "utf8")) as Record<string, { source?: string }>;
  for (const [key, f] of Object.entries(raw)) if (f.source !== undefined) assert.match(f.source, /^hand-copied, replace by a/, key);
});

test("a planted stale region is reported and refilled; text outside regions is untouched", () => {
  const text = "Accuracy <!-- figure:test-accuracy -->99.47%<!-- /figure --> after <!-- figure:epochs-run -->12<!-- /figure --> epochs.";
  assert.equal(fillFigures(text, FIGS, "README.md"), "Accuracy <!-- figure:test-accuracy -->99.40%<!-- /figure --> after <!-- figure:epochs-run -->10<!-- /figure --> epochs.");
  const root = mkdtempSync(join(tmpdir(), "figures-"));
  mkdirSync(join(root, "docs"));
  writeFileSync(join(root, "README.md"), text);
  writeFileSync(join(root, "docs", "a.md"), "no figures here, 99.47% typed is not our business");
  const stale = filledFiles(FIGS, root).filter((f) => f.filled !== f.current).map((f) => f.file);
  assert.deepEqual(stale, ["README.md"]);
  assert.deepEqual(writeFigures(FIGS, root), ["README.md"]);
  assert.deepEqual(filledFiles(FIGS, root).filter((f) => f.filled !== f.current), [], "filled once, stable after");
});

test("an unknown or malformed key, or an unclosed region, is an error naming the file and the key", () => {
  assert.throws(() => fillFigures("x <!-- figure:fine-tuned-accuracy -->1<!-- /figure -->", FIGS, "docs/training.md"), /^InvalidArgumentError: docs\/training\.md: <!-- figure:fine-tuned-accuracy -->: expected a key of docs\/figures\.json, found "fine-tuned-accuracy"/);
  assert.throws(() => fillFigures("<!-- figure:Test_Accuracy -->1<!-- /figure -->", FIGS, "README.md"), /README\.md: <!-- figure:Test_Accuracy -->: expected a kebab-case key/);
  assert.throws(() => fillFigures("<!-- figure:test-accuracy -->99%", FIGS, "README.md"), /README\.md: expected <!-- \/figure --> after <!-- figure:test-accuracy -->/);
});

test("notebook markdown cells are filled, code cells are left alone", () => {
  const nb = { cells: [
    { cell_type: "markdown", metadata: {}, source: ["Reached <!-- figure:test-accuracy -->0%<!-- /figure -->.\n", "Next line\n"] },
    { cell_type: "code", metadata: {}, source: ["// <!-- figure:test-accuracy -->0%<!-- /figure -->\n"], outputs: [], execution_count: null },
  ] };
  const json = JSON.stringify(nb, null, 1) + "\n";
  const filled = JSON.parse(fillNotebook(json, FIGS, "notebooks/06-training.ipynb")) as typeof nb;
  assert.deepEqual(filled.cells[0].source, ["Reached <!-- figure:test-accuracy -->99.40%<!-- /figure -->.\n", "Next line\n"]);
  assert.deepEqual(filled.cells[1].source, nb.cells[1].source);
  const unchanged = JSON.stringify({ cells: [nb.cells[1]] }, null, 2);
  assert.equal(fillNotebook(unchanged, FIGS, "x.ipynb"), unchanged, "a notebook with nothing to fill keeps its bytes");
});

test("a run's figures: key → value, unit, label, notebook, profile, backend, date; a key emitted twice is an error", () => {
  const fig = (key: string) => ({ key, label: "acc", value: 99.4, unit: "%" });
  const run = runFigures([{ notebook: "06-training", backend: "tensorflow", figures: [fig("test-accuracy")] }, { notebook: "08-practice-and-faq", backend: "wasm", figures: [fig("more-data-accuracy")] }], "full", "2026-11-30");
  assert.deepEqual(run["more-data-accuracy"], { value: 99.4, unit: "%", label: "acc", notebook: "08-practice-and-faq", profile: "full", backend: "wasm", date: "2026-11-30" });
  assert.throws(() => runFigures([{ notebook: "06-training", backend: "x", figures: [fig("a")] }, { notebook: "07-fine-tuning", backend: "x", figures: [fig("a")] }], "full", "d"), /key figure "a": emitted by 06-training and again by 07-fine-tuning/);
});

test("recording a full run replaces the run's notebooks' figures, keeps a script's, drops what no notebook emits", () => {
  const previous: FiguresFile = {
    "test-accuracy": { ...record("99.47", "%"), source: "hand-copied, replace by a full reproduce run" },
    "constant-lr-test-accuracy": record("99.17", "%"),
    "transfer-seed-42-scratch": record("98.52", "%", "scripts/experiments/transfer-seeds.ts"),
  };
  const run: FiguresFile = { "test-accuracy": record("99.40", "%") };
  const { figures, dropped } = recordedFigures(previous, run, ["06-training", "07-fine-tuning"]);
  assert.deepEqual(Object.keys(figures), ["test-accuracy", "transfer-seed-42-scratch"]);
  assert.equal(figures["test-accuracy"].value, "99.40");
  assert.equal(figures["test-accuracy"].source, undefined, "a run's figure is no longer marked hand-copied");
  assert.deepEqual(dropped, ["constant-lr-test-accuracy"]);
});

test("scripts/experiments/transfer-seeds.ts turns its results into the figures docs/training.md cites", () => {
  const table: Array<[number, number, number, number, number, number]> = [
    [42, 98.52, 98.35, 0.38, 98.11, 0.029], [1042, 98.0, 98.46, 0.017, 98.23, 0.26], [2042, 98.52, 98.85, 0.081, 98.42, 0.66],
    [3042, 97.78, 98.7, 7e-5, 98.68, 1e-4], [4042, 97.76, 98.97, 1e-9, 98.58, 2e-4],
  ];
  const results = table.map(([seed, scratch, a, pa, b, pb]) => ({ seed, scratch: scratch / 100, whole: { lr1e3: { accuracy: a / 100, p: pa }, lr3e4: { accuracy: b / 100, p: pb } } }));
  const figures = transferFigures(results, { backend: "wasm", date: "2026-11-28" });
  const text = (key: string) => figureText(figures[key]);
  assert.equal(text("transfer-seeds-scratch-mean"), "98.12 ± 0.38%", "mean ± sample standard deviation");
  assert.equal(text("transfer-seeds-whole-lr1e3-mean"), "98.67 ± 0.26%");
  assert.equal(text("transfer-seeds-whole-lr3e4-mean"), "98.40 ± 0.24%");
  assert.deepEqual(["transfer-seeds-whole-lr1e3-wins", "transfer-seeds-count"].map((k) => figures[k].value), [4, 5], "numbers; the words are the prose's");
  assert.equal(text("transfer-seeds-whole-lr1e3-gain"), "0.55");
  assert.equal(text("transfer-seed-1042-scratch"), "98.00%");
  assert.deepEqual(["transfer-seed-42-whole-lr1e3-p", "transfer-seed-3042-whole-lr1e3-p", "transfer-seed-4042-whole-lr1e3-p", "transfer-seed-3042-whole-lr3e4-p"].map(text), ["0.38", "7·10⁻⁵", "1·10⁻⁹", "1·10⁻⁴"]);
  assert.equal(pText(0.00096), "1·10⁻³");
  const recorded = readFigures();
  const keys = (f: FiguresFile) => Object.keys(f).filter((k) => f[k].notebook === "scripts/experiments/transfer-seeds.ts").sort();
  assert.deepEqual(keys(figures), keys(recorded), "a run of the script records exactly the keys docs/figures.json holds for it");
});
