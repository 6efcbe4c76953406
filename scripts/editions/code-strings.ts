// The displayed strings of a notebook's TypeScript code, and that code with them translated: what
// the 中文 edition's code cells are made of. Every string or template literal whose text has a word
// and a space is display text and must be in the notebook's table (notebooks/zh/text/NN-….strings.json,
// English → 中文; an entry equal to its key marks a string that stays as written); a one-word string
// is translated only when the table lists it. Module names and tagged templates are never touched.
import ts from "typescript";

/** The table key of a template's literal parts: `${n} images` → `{0} images`. */
export const stringKey = (parts: readonly string[]): string =>
  parts.reduce((key, part, i) => (i === 0 ? part : `${key}{${i - 1}}${part}`), "");

/** Whether a literal's text reads as display text a reader sees (a word and a space). */
export const isDisplayText = (key: string): boolean => /[A-Za-z]{2}/.test(key.replace(/\{\d+\}/g, "")) && /\s/.test(key);

const isModuleName = (node: ts.Node): boolean => {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return true;
  return ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(parent.expression) && parent.expression.text === "require"));
};

const escapeTemplate = (text: string): string => text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
const quote = (text: string, mark: string): string => mark + text.replace(/\\/g, "\\\\").replace(new RegExp(mark, "g"), `\\${mark}`).replace(/\n/g, "\\n") + mark;

/** The translation of `code`'s display strings through `table`, and the display strings the table lacks. */
export function translateCode(code: string, table: Readonly<Record<string, string>>): { code: string; missing: string[]; used: string[] } {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const missing: string[] = [];
  const used: string[] = [];
  const lookup = (key: string): string | undefined => {
    const value = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
    if (value !== undefined) used.push(key);
    else if (isDisplayText(key)) missing.push(key);
    return value;
  };
  const leading = (node: ts.Node): string => node.getFullText().slice(0, node.getStart() - node.getFullStart());
  const emit = (node: ts.Node): string => {
    const tagged = node.parent !== undefined && ts.isTaggedTemplateExpression(node.parent);
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !tagged && !isModuleName(node)) {
      const translated = lookup(node.text);
      if (translated === undefined) return node.getFullText();
      const mark = ts.isStringLiteral(node) ? node.getText()[0] : "`";
      return leading(node) + (mark === "`" ? `\`${escapeTemplate(translated)}\`` : quote(translated, mark));
    }
    if (ts.isTemplateExpression(node) && !tagged) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      const translated = lookup(stringKey(parts));
      if (translated !== undefined) {
        const expressions = node.templateSpans.map((s) => emit(s.expression));
        const body = translated.split(/(\{\d+\})/).map((piece) => {
          const slot = /^\{(\d+)\}$/.exec(piece);
          return slot ? `\${${expressions[Number(slot[1])]}}` : escapeTemplate(piece);
        }).join("");
        return `${leading(node)}\`${body}\``;
      }
    }
    const children = node.getChildren(file);
    return children.length === 0 ? node.getFullText() : children.map(emit).join("");
  };
  return { code: emit(file), missing: [...new Set(missing)], used };
}
