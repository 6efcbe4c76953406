// Registers the tslab kernelspec with absolute paths to this Node.js and this repository's tslab,
// so notebooks run without tslab (or node) on PATH. It goes into the project's .venv (so the
// venv's `jupyter kernelspec list` shows it and nothing outside the repository changes), or, with
// MNIST_JUPYTER pointing at another Jupyter, into your user data directory. Re-running replaces it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tslab = join(root, "node_modules", "tslab", "bin", "tslab");
if (!existsSync(tslab)) {
  console.error(`register-kernel: expected tslab at ${tslab}, found nothing — run \`npm ci\` first.`);
  process.exit(1);
}
const ownJupyter = process.env.MNIST_JUPYTER;
const jupyter = ownJupyter || join(root, ".venv", "bin", "jupyter");
if (!existsSync(jupyter)) {
  console.error(`register-kernel: expected Jupyter at ${jupyter}, found nothing — run \`npm run setup\` (or set MNIST_JUPYTER, see environment.md).`);
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
const staging = mkdtempSync(join(tmpdir(), "tslab-kernelspec-"));
const install = (where) => execFileSync(jupyter, ["kernelspec", "install", "--replace", "--name", "tslab", where, staging], { stdio: ["ignore", "ignore", "pipe"] });
const resolved = () => JSON.parse(execFileSync(jupyter, ["kernelspec", "list", "--json"], { encoding: "utf8" })).kernelspecs.tslab;
let found;
try {
  writeFileSync(join(staging, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  install(ownJupyter ? "--user" : "--sys-prefix");
  found = resolved();
  // Jupyter searches the user's data directory before the environment's. Older setups of this
  // project, and `tslab install`, put a tslab kernelspec there; it would win over the one in .venv.
  if (found && found.spec.argv[1] !== tslab && !ownJupyter) {
    console.log(`register-kernel: the tslab kernelspec in ${found.resource_dir} (${found.spec.argv[1]}) came first; replacing it with this repository's`);
    install("--user");
    found = resolved();
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
if (!found || found.spec.argv[1] !== tslab) {
  console.error(`register-kernel: ${jupyter} resolves the tslab kernel to ${found ? `${found.resource_dir} (${found.spec.argv.slice(0, 2).join(" ")})` : "nothing"}, expected this repository's ${tslab}; remove that kernelspec (jupyter kernelspec remove tslab) and run this again.`);
  process.exit(1);
}
console.log(`tslab kernel registered in ${found.resource_dir}: ${spec.argv.slice(0, 2).join(" ")}${spec.env ? ` (${Object.entries(spec.env).map(([k, v]) => `${k}=${v}`).join(" ")})` : ""}`);
