// README's layout table names every folder of src/ and nothing that is gone.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import test from "node:test";

const ROOT = join(__dirname, "..");

test("README's layout table lists every src/ folder, and every path it lists exists", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const listed = [...readme.matchAll(/^\| `(src\/[^`]+)` \|/gm)].map((m) => m[1]);
  assert.ok(listed.length > 0, "no layout table found");
  for (const path of listed) assert.ok(existsSync(join(ROOT, path)), `README lists ${path}, which does not exist`);
  const folders = readdirSync(join(ROOT, "src"), { withFileTypes: true }).filter((d) => d.isDirectory() && readdirSync(join(ROOT, "src", d.name)).length > 0).map((d) => `src/${d.name}/`);
  assert.deepEqual(folders.filter((f) => !listed.includes(f)), [], "src/ folders missing from README's layout table");
});
