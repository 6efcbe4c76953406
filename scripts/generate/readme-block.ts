// Generated sections of README, docs and notebooks live between HTML comment markers; this swaps them in.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const README = join(resolve(__dirname, "..", ".."), "README.md");

/**
 * `text` with what lies between each match of `start` (a global RegExp) and the next `end` replaced by
 * `body(match)`; `file` names the text in errors. Returns the new text and how many regions it filled.
 */
export function replaceRegions(text: string, start: RegExp, end: string, body: (match: RegExpExecArray) => string, file: string): { text: string; count: number } {
  if (!start.global) throw new Error(`replaceRegions: the start pattern ${start} must be global`);
  let out = "";
  let last = 0;
  let count = 0;
  for (let m = start.exec(text); m !== null; m = start.exec(text)) {
    const open = m.index + m[0].length;
    const close = text.indexOf(end, open);
    if (close < 0) throw new Error(`${file}: expected ${end} after ${m[0]}, found none`);
    out += text.slice(last, open) + body(m);
    last = close;
    start.lastIndex = close + end.length;
    count++;
  }
  return { text: out + text.slice(last), count };
}

/** `text` with what lies between the `start` and `end` markers replaced by `body` (on lines of its own). */
export function replaceBlock(text: string, start: string, end: string, body: string): string {
  const pattern = new RegExp(start.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
  const result = replaceRegions(text, pattern, end, () => `\n${body}\n`, "README.md");
  if (result.count === 0) throw new Error(`README.md: expected the markers ${start} … ${end}, found none`);
  return result.text;
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
