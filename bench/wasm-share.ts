// npx tsx bench/wasm-share.ts [rounds]: what each hand-written wasm kernel saves, as a share of
// the step it belongs to. Each prep step (3×3 median of the 60 000 training images, their x/255
// normalisation, one epoch of the article's augmentation) is timed in child processes,
// alternately with the kernels and with WebAssembly blocked (every kernel then falls back to its
// JS path), so the VM's drift hits both alike; one training epoch with augmentation on the
// best backend gives the end-to-end figure the augmentation saving is compared with.
import { spawnSync } from "node:child_process";

type Step = "median" | "normalize" | "augment";
const STEPS: Step[] = ["median", "normalize", "augment"];
type StepTimes = Record<Step, number>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** In a child: the median time of each step, with or without wasm. */
async function child(path: "wasm" | "js"): Promise<void> {
  if (path === "js") {
    // Every kernel compiles lazily through WebAssembly.Module and falls back to JS when that throws.
    (globalThis.WebAssembly as { Module: unknown }).Module = function blocked() {
      throw new Error("wasm blocked for the JS-path measurement");
    };
  }
  const { ARTICLE_AUGMENTATION, ImageDataGenerator, loadMnist, medianFilter, normalize } = await import("../src/index");
  const { timeIt } = await import("./harness");
  const { train } = loadMnist();
  const generator = new ImageDataGenerator({ ...ARTICLE_AUGMENTATION, seed: 1 });
  const epoch = () => {
    for (const batch of generator.batches(train.images, train.labels, { batchSize: 32, epochs: 1, reuseBuffers: true })) void batch;
  };
  const times: StepTimes = {
    median: await timeIt(() => medianFilter(train.images), { repeat: 5, warmup: 1 }),
    normalize: await timeIt(() => normalize(train.images), { repeat: 5, warmup: 1 }),
    augment: await timeIt(epoch, { repeat: 3, warmup: 1 }),
  };
  process.stdout.write(JSON.stringify(times) + "\n");
}

function runChild(path: "wasm" | "js"): StepTimes {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, "--child", path], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child (${path}) failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as StepTimes;
}

/** One training epoch of the article's CNN with the article's augmentation on the best backend. */
async function trainingEpoch(): Promise<{ backend: string; seconds: number; augmentSeconds: number }> {
  const { ARTICLE_AUGMENTATION, buildCnn, compileCnn, head, ImageDataGenerator, loadMnist, train, useBestBackend } = await import("../src/index");
  const { train: full } = loadMnist();
  const backend = await useBestBackend();
  const model = compileCnn(buildCnn({ seed: 1 }));
  await train(model, head(full, 320), { epochs: 1, seed: 1, verbose: false, augment: new ImageDataGenerator({ ...ARTICLE_AUGMENTATION, seed: 1 }) });
  const history = await train(model, full, { epochs: 1, seed: 1, verbose: false, augment: new ImageDataGenerator({ ...ARTICLE_AUGMENTATION, seed: 1 }) });
  model.dispose();
  return { backend: backend.name, seconds: history.epochs[0].seconds, augmentSeconds: history.epochs[0].augmentSeconds ?? NaN };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--child");
  if (at >= 0) return child(process.argv[at + 1] as "wasm" | "js");
  const rounds = Number(process.argv[2] ?? 3);
  const runs: Record<"wasm" | "js", StepTimes[]> = { wasm: [], js: [] };
  for (let round = 0; round < rounds; round++) {
    runs.wasm.push(runChild("wasm"));
    runs.js.push(runChild("js"));
  }
  const epoch = await trainingEpoch();
  const fmt = (s: number) => `${s.toFixed(3)} s`;
  console.log(`${rounds} alternating rounds; training epoch (${epoch.backend}, article augmentation): ${fmt(epoch.seconds)}, augmentation ${fmt(epoch.augmentSeconds)} of it`);
  for (const step of STEPS) {
    const wasm = median(runs.wasm.map((r) => r[step])), js = median(runs.js.map((r) => r[step]));
    const saved = js - wasm;
    const ofEpoch = step === "augment" ? `; ${((saved / epoch.seconds) * 100).toFixed(1)}% of a training epoch` : "";
    console.log(`${step}: wasm ${fmt(wasm)}, JS ${fmt(js)}, saves ${fmt(saved)} per call = ${((saved / js) * 100).toFixed(0)}% of the step${ofEpoch}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
