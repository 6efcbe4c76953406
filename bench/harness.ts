// Benchmark harness: each bench/*.bench.ts exports `rows(): Promise<BenchRow[]>`; Python peers
// run in the same process tree via /usr/bin/python3 (Debian's numpy/scipy/torch) and print JSON.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** One line of the benchmark table: our figure, the Python peer's, and the goal. */
export interface BenchRow {
  /** What is measured, e.g. "load + validate 70 000 images". */
  task: string;
  /** Our time in seconds (median of repeats). */
  seconds: number;
  /** Work units per run, for a throughput column (e.g. 70000 images). */
  units?: number;
  /** Name of the unit, e.g. "img". */
  unit?: string;
  /** Peer name and its seconds, when the peer ran. */
  peer?: { name: string; seconds: number };
  /** The target, stated as "ours/peer ≤ 1.0" style text, and the ratio it needs. */
  goal?: { text: string; ratioAtMost?: number; speedupAtLeast?: number };
  /** Anything a reader needs to interpret the row. */
  note?: string;
}

/** Median wall time of `fn` over `repeat` runs after `warmup` runs, in seconds. */
export async function timeIt(fn: () => unknown | Promise<unknown>, options: { repeat?: number; warmup?: number } = {}): Promise<number> {
  const { repeat = 5, warmup = 1 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export const PYTHON = process.env.MNIST_BENCH_PYTHON ?? "/usr/bin/python3";
/** The project's own Python (.venv, from requirements/*.lock): tensorflow-cpu and tf.keras live there. */
export const VENV_PYTHON = join(__dirname, "..", ".venv", "bin", "python");

/** Whether the Python peer can import `modules`; the reason when not. */
export function pythonHas(modules: string[], python = PYTHON): true | string {
  if (!existsSync(python)) return `${python} not found (npm run setup -- --bench)`;
  const r = spawnSync(python, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" } });
  return r.status === 0 ? true : `${python} lacks ${modules.join("/")} (npm run setup -- --bench installs them)`;
}

/** Runs bench/python/<script> with args; returns its JSON output (it prints one JSON object). */
export function runPython<T = Record<string, number>>(script: string, args: string[] = [], env: Record<string, string> = {}, python = PYTHON): T {
  const r = spawnSync(python, [join(__dirname, "python", script), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}
