// Registers the tslab kernelspec with absolute paths to this Node.js and this repository's
// tslab, so notebooks run without tslab (or node) on PATH. Writes it into Jupyter's user data
// directory (`jupyter --data-dir`), which every Jupyter install searches; re-running replaces it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tslab = join(root, "node_modules", "tslab", "bin", "tslab");
if (!existsSync(tslab)) {
  console.error(`register-kernel: expected tslab at ${tslab}, found nothing — run \`npm ci\` first.`);
  process.exit(1);
}
let dataDir;
try {
  dataDir = execFileSync("jupyter", ["--data-dir"], { encoding: "utf8" }).trim();
} catch {
  console.error("register-kernel: expected the `jupyter` command, found none — run `npm run setup` (or see environment.md).");
  process.exit(1);
}
const spec = {
  argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
  display_name: "TypeScript (tslab)",
  language: "typescript",
};
// glibc malloc then backs large typed arrays with transparent huge pages: a fresh 188 MB array
// costs ~20 ms instead of ~0.5 s of page faults (environment.md, "Huge pages"). Older glibc and
// other C libraries ignore the variable. MNIST_HUGE_PAGES=0 registers without it.
if (process.platform === "linux" && process.env.MNIST_HUGE_PAGES !== "0") {
  spec.env = { GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" };
}
const kernelDir = join(dataDir, "kernels", "tslab");
mkdirSync(kernelDir, { recursive: true });
writeFileSync(join(kernelDir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
console.log(`tslab kernel registered in ${kernelDir}: ${spec.argv.slice(0, 2).join(" ")}${spec.env ? ` (${Object.entries(spec.env).map(([k, v]) => `${k}=${v}`).join(" ")})` : ""}`);
