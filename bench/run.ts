// npm run bench [-- filter]: runs every bench/*.bench.ts (or those whose name contains the
// filter) and prints one table with our times, the Python peers' times and the ratios.
import { readdirSync } from "node:fs";
import { join } from "node:path";
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

async function main() {
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
  if (rows.length === 0) console.log(`no benchmarks matched ${JSON.stringify(filter)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
