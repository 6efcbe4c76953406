// The displayed-text templates a piece of TypeScript passes to a translator: t`…`, nb.t`…`,
// this.t`…` and t("…"). Their keys are what the 中文 catalogue must translate.
import ts from "typescript";
import { templateKey } from "../../src/book/i18n";

const isTranslator = (tag: ts.Expression): boolean =>
  (ts.isIdentifier(tag) && tag.text === "t") || (ts.isPropertyAccessExpression(tag) && tag.name.text === "t");

/** Catalogue keys of every template `source` translates, in order of appearance. */
export function translatedKeys(source: string): string[] {
  const file = ts.createSourceFile("source.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const keys: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && isTranslator(node.tag)) {
      const template = node.template;
      keys.push(ts.isNoSubstitutionTemplateLiteral(template) ? template.text : templateKey([template.head.text, ...template.templateSpans.map((s) => s.literal.text)]));
    } else if (ts.isCallExpression(node) && isTranslator(node.expression) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      keys.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return keys;
}
