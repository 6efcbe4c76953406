// The seam between the library (what a developer imports from "mnist-prep") and the book (what the
// notebooks use from "mnist-prep/book"): the library imports nothing of the book, prints nothing,
// and its entry exports a small, documented API.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import * as ts from "typescript";

const SRC = join(__dirname, "..", "src");
const BOOK = join(SRC, "book");
const MAX_PUBLIC_NAMES = 150;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []);

/** The library's files: everything under src/ but the book and the browser page's own script. */
const libraryFiles = (): string[] =>
  sourceFiles(SRC).filter((f) => !f.startsWith(BOOK + "/") && !f.includes("/deploy/web/"));

/** Relative imports of `file` that resolve into `forbidden`, as "file → import". */
export function importsInto(file: string, text: string, forbidden: string): string[] {
  const specifiers = [...text.matchAll(/(?:from|import|require)\s*\(?\s*["'](\.[^"']+)["']/g)].map((m) => m[1]);
  return specifiers
    .filter((s) => {
      const target = resolve(dirname(file), s);
      return target === forbidden || target.startsWith(forbidden + "/");
    })
    .map((s) => `${relative(SRC, file)} → ${s}`);
}

test("no library file imports the book (notebook display, plots, checks, the article, i18n)", () => {
  const found = libraryFiles().flatMap((f) => importsInto(f, readFileSync(f, "utf8"), BOOK));
  assert.deepEqual(found, []);
});

test("the import check finds an import into the book, static, dynamic or required", () => {
  const file = join(SRC, "model", "x.ts");
  const text = 'import { t } from "../book/i18n";\nconst a = require("../book/notebook/show");\nimport("../book");\nimport { b } from "./book-keeping";';
  assert.deepEqual(importsInto(file, text, BOOK), ["model/x.ts → ../book/i18n", "model/x.ts → ../book/notebook/show", "model/x.ts → ../book"]);
});

test("the library prints nothing", () => {
  const printing = libraryFiles().filter((f) => /\bconsole\.\w+\(|process\.std(out|err)\.write/.test(readFileSync(f, "utf8")));
  assert.deepEqual(printing.map((f) => relative(SRC, f)), []);
});

/** Each exported name of an entry point, with the JSDoc of its declaration. */
function entryExports(entry: string): { name: string; doc: string; where: string }[] {
  const program = ts.createProgram([entry], { strict: true, esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true, noEmit: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker.getExportsOfModule(module).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    const docs = declaration ? ts.getJSDocCommentsAndTags(declaration).map((d) => d.getText()).join("") : "";
    const where = declaration ? `${relative(SRC, declaration.getSourceFile().fileName)}` : "?";
    return { name: exported.name, doc: docs || ts.displayPartsToString(symbol.getDocumentationComment(checker)), where };
  });
}

const library = entryExports(join(SRC, "index.ts"));

test(`the library's entry exports at most ${MAX_PUBLIC_NAMES} names`, () => {
  assert.ok(library.length <= MAX_PUBLIC_NAMES, `${library.length} names`);
  assert.ok(library.length > 50, `${library.length} names: the entry lost its exports?`);
});

test("every name the library exports is documented", () => {
  const undocumented = library.filter((e) => e.doc.trim() === "").map((e) => `${e.name} (${e.where})`);
  assert.deepEqual(undocumented, []);
});

test("the book's entry exports no name of the library's (one home per name)", () => {
  const names = new Set(library.map((e) => e.name));
  const both = entryExports(join(BOOK, "index.ts")).filter((e) => names.has(e.name)).map((e) => e.name);
  assert.deepEqual(both, []);
});
