/** Where this package is installed, for files it ships beside its code (dist/web, .venv, build/). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

/** The folder holding mnist-prep's package.json, found by walking up from this module (src/ or dist/ alike). */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "mnist-prep") return (cached = dir);
    if (dirname(dir) === dir) throw new Error(`mnist-prep: no package.json named mnist-prep above ${__dirname}`);
  }
}
