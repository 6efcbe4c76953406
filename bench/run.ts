// npm run bench [-- filter]: runs every bench/*.bench.ts (or those whose name contains the
// filter) and prints one table with our times, the Python peers' times and the ratios.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { hugePagesStatus, withHugePages } from "../src/backend/environment";
import { describeHugePages } from "../src/book/notebook/environment";
import type { BenchRow } from "./harness";

const fmt = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`);

function verdict(row: BenchRow): string {
  if (!row.goal) return "";
  if (!row.peer) return `goal ${row.goal.text}: no peer`;
  const ratio = row.seconds / row.peer.seconds;
  const speedup = row.peer.seconds / row.seconds;
  const met = (row.goal.ratioAtMost === undefined || ratio <= row.goal.ratioAtMost) && (row.goal.speedupAtLeast === undefined || speedup >= row.goal.speedupAtLeast);
  return `${met ? "met" : "MISSED"} (goal ${row.goal.text})`;
}

/**
 * glibc reads GLIBC_TUNABLES only at start-up, so the bench re-runs itself with huge pages on
 * (the setting the registered tslab kernel uses; the Python peers inherit it too).
 * MNIST_HUGE_PAGES=0 measures without.
 */
function rerunWithHugePages(): boolean {
  if (process.platform !== "linux" || process.env.MNIST_HUGE_PAGES === "0" || process.env.MNIST_BENCH_CHILD) return false;
  if (hugePagesStatus().active || !hugePagesStatus(withHugePages(process.env)).active) return false;
  const env = { ...withHugePages(process.env), MNIST_BENCH_CHILD: "1" };
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env });
  process.exit(child.status ?? 1);
}

async function main() {
  if (rerunWithHugePages()) return;
  const hugePages = hugePagesStatus();
  console.log(`huge pages for large arrays: ${hugePages.active ? "on" : "off"} (${describeHugePages(hugePages)})`);
  const filter = process.argv[2] ?? "";
  const files = readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { rows: () => Promise<BenchRow[]> };
    process.stderr.write(`bench: ${file}…\n`);
    for (const row of await mod.rows()) {
      rows.push(row);
      const throughput = row.units ? `${Math.round(row.units / row.seconds).toLocaleString("en")} ${row.unit ?? "units"}/s` : "";
      const peer = row.peer ? `${row.peer.name} ${fmt(row.peer.seconds)}` : "";
      const ratio = row.peer ? `${(row.peer.seconds / row.seconds).toFixed(2)}× faster` : "";
      console.log([`${row.task}`, fmt(row.seconds), throughput, peer, ratio, verdict(row), row.note ?? ""].filter(Boolean).join(" | "));
    }
  }
  if (rows.length === 0) {
    console.log(`no benchmarks matched ${JSON.stringify(filter)}`);
    return;
  }
  // README's benchmark table is generated from this file (scripts/generate/bench-md.ts), never typed.
  const out = join(__dirname, "..", "build", "bench.json");
  mkdirSync(join(__dirname, "..", "build"), { recursive: true });
  const run = { date: new Date().toISOString().slice(0, 10), filter, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", hugePages: hugePages.active, rows };
  writeFileSync(out, JSON.stringify(run, null, 2) + "\n");
  console.log(`figures written to build/bench.json (README: npx tsx scripts/generate/bench-md.ts build/bench.json)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
