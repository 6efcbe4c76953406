// The training goals measured round by round on a shared machine: our train() (compiled steps and
// op by op), PyTorch with 1 and 2 threads and tf.keras model.fit each train one epoch over the same
// images in turn, ROUNDS times, so a busy spell slows every contender alike; the table gives each
// one's fastest and median epoch and the ratios. Usage (not part of npm run bench: it takes minutes):
//   node --import tsx bench/interleaved.ts [images=640] [rounds=10]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { buildCnn, compileCnn, head, loadMnist, train, useBestBackend } from "../src/index";
import { pythonHas, PYTHON, VENV_PYTHON } from "./harness";
import { describeBackend } from "../src/book/notebook/environment";

/** A Python peer kept running (bench/python/train_server.py): each call trains one epoch and returns its seconds. */
function peer(kind: string, dir: string, python: string): { ready: Promise<unknown>; epoch: () => Promise<number>; stop: () => void } {
  const child = spawn(python, [join(__dirname, "python", "train_server.py"), kind, dir], { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" } });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    ready: lines.next(),
    epoch: async () => {
      child.stdin!.write("epoch\n");
      return JSON.parse((await lines.next()).value as string) as number;
    },
    stop: () => child.kill(),
  };
}

async function main(): Promise<void> {
  const images = Number(process.argv[2] ?? 640);
  const rounds = Number(process.argv[3] ?? 10);
  const info = await useBestBackend("node");
  const part = head(loadMnist().train, images);
  const data = { images: { ...part.images, data: Float32Array.from(part.images.data, (v) => v / 255) }, labels: part.labels };
  const dir = mkdtempSync(join(tmpdir(), "mnist-bench-interleaved-"));
  writeFileSync(join(dir, "train_x.f32"), data.images.data);
  writeFileSync(join(dir, "train_y.u8"), data.labels);
  const peers: Record<string, ReturnType<typeof peer>> = {};
  if (pythonHas(["torch"]) === true) for (const threads of [1, 2]) peers[`PyTorch, ${threads} thread${threads > 1 ? "s" : ""}`] = peer(`torch${threads}`, dir, PYTHON);
  if (pythonHas(["tensorflow"], VENV_PYTHON) === true) peers["tf.keras model.fit"] = peer("keras", dir, VENV_PYTHON);
  await Promise.all(Object.values(peers).map((p) => p.ready));
  const model = compileCnn(buildCnn({ seed: 1 }));
  await train(model, data, { epochs: 1, seed: 1 });
  const ours = (compiled: boolean) => async () => {
    const t0 = performance.now();
    await train(model, data, { epochs: 1, seed: 1, compiled });
    return (performance.now() - t0) / 1000;
  };
  const contenders: Record<string, () => Promise<number>> = { "train(), compiled steps": ours(true), "train(), op by op": ours(false), ...Object.fromEntries(Object.entries(peers).map(([k, p]) => [k, p.epoch])) };
  const times: Record<string, number[]> = {};
  const loads: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [name, epoch] of Object.entries(contenders)) (times[name] ??= []).push(await epoch());
    loads.push(loadavg()[0]);
  }
  Object.values(peers).forEach((p) => p.stop());
  rmSync(dir, { recursive: true, force: true });
  model.dispose();

  const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
  const min = (name: string) => sorted(times[name])[0];
  const median = (name: string) => sorted(times[name])[Math.floor(rounds / 2)];
  const step = (seconds: number) => `${((seconds * 1000 * 32) / images).toFixed(2)} ms`;
  console.log(`${describeBackend(info)}; ${images} images, batch 32, ${rounds} rounds; 1-minute load average over the rounds ${sorted(loads)[0].toFixed(1)}–${sorted(loads)[rounds - 1].toFixed(1)} (2 cores)`);
  console.log("\n| per step of 32 | fastest | median |\n|---|---|---|");
  for (const name of Object.keys(times)) console.log(`| ${name} | ${step(min(name))} | ${step(median(name))} |`);
  const ourName = "train(), compiled steps";
  const torch = Object.keys(peers).filter((k) => k.startsWith("PyTorch"));
  if (torch.length > 0) {
    const bestMin = Math.min(...torch.map(min));
    const bestMedian = Math.min(...torch.map(median));
    console.log(`\ntrain() compiled vs PyTorch at its best thread count: ${(bestMin / min(ourName)).toFixed(2)}× (fastest epochs), ${(bestMedian / median(ourName)).toFixed(2)}× (medians); goal ≥ 1.2×`);
  }
  if (peers["tf.keras model.fit"]) {
    const k = "tf.keras model.fit";
    console.log(`train() compiled vs tf.keras model.fit: ${(min(k) / min(ourName)).toFixed(2)}× (fastest epochs), ${(median(k) / median(ourName)).toFixed(2)}× (medians); goal ≥ 0.9×`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
