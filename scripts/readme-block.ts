// README sections generated from a figures file live between two HTML comments; this swaps one in.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const README = join(resolve(__dirname, ".."), "README.md");

/** `text` with what lies between the `start` and `end` markers replaced by `body`. */
export function replaceBlock(text: string, start: string, end: string, body: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md: expected the markers ${start} … ${end}, found none`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** Rewrites README.md with `update` applied, or with `check` only says (exit 1) whether it is stale. */
export function writeOrCheckReadme(update: (readme: string) => string, check: boolean, what: string, fix: string): void {
  const readme = readFileSync(README, "utf8");
  const updated = update(readme);
  if (check) {
    console.log(updated === readme ? `README.md's ${what} block is up to date` : `README.md's ${what} block is stale: run ${fix}`);
    process.exit(updated === readme ? 0 : 1);
  }
  writeFileSync(README, updated);
  console.log(`wrote README.md's ${what} block`);
}
