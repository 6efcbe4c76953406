// Writes docs/errata.md from src/errata.ts (the single source of the errata table).
// Usage: npx tsx scripts/errata-md.ts [--check | --readme]
//   --check: exit 1 if docs/errata.md is stale; --readme: print the table with links relative to the
//   repository root, for pasting into README.md.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { errataMarkdown } from "../src/errata";

const ROOT = resolve(__dirname, "..");
export const ERRATA_MD = join(ROOT, "docs", "errata.md");

/** The full text of docs/errata.md. */
export function errataDocument(): string {
  return [
    "# Errata · 勘误表",
    "",
    "Every checkable claim of the article «从零开始大模型开发与微调：MNIST数据集的准备», checked against a",
    "computation (linked notebook cell) or a primary source (numbered links). Generated from",
    "`src/errata.ts` by `npx tsx scripts/errata-md.ts` — edit the source, not this file.",
    "",
    "Verdicts: **wrong** — false as stated; **misleading** — true in part or in a narrow sense, likely",
    "to mislead a learner; **outdated** — was true, no longer is; **correct** — checked and right;",
    "**unverifiable** — no source found or nothing concrete to check.",
    "",
    errataMarkdown({ linkBase: "../" }),
    "",
  ].join("\n");
}

if (require.main === module) {
  const text = errataDocument();
  if (process.argv.includes("--readme")) {
    console.log(errataMarkdown({ linkBase: "" }));
    process.exit(0);
  }
  if (process.argv.includes("--check")) {
    const stale = readFileSync(ERRATA_MD, "utf8") !== text;
    console.log(stale ? "docs/errata.md is stale: run npx tsx scripts/errata-md.ts" : "docs/errata.md is up to date");
    process.exit(stale ? 1 : 0);
  }
  writeFileSync(ERRATA_MD, text);
  console.log(`wrote ${ERRATA_MD}`);
}
