// Repeats notebook 07's transfer comparison at one label budget over several seeds, each with its own
// pretraining (full-profile recipe): pretrain on digits 0–4, then train on digits 5–9 from scratch
// and by fine-tuning the whole network at lr 1e-3 and 3e-4. Prints one JSON line per seed: test
// accuracies and McNemar p-values against from-scratch, and writes the run's key figures to
// build/transfer-seeds-figures.json; --record (1000 labels per class, as docs/training.md cites)
// replaces the script's figures in docs/figures.json and fills docs/training.md's table from them.
// Usage: npx tsx scripts/experiments/transfer-seeds.ts [seeds=5] [perClass=1000] [--record]   (≈ 4 min per seed on wasm)
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { useBestBackend, loadMnist, normalize, buildCnn, compileCnn, train, evaluate, fineTune, selectClasses, compareAccuracy } from "../../src";
import { FIGURES, readFigures, writeFigures, type FigureRecord, type FiguresFile } from "../generate/figures-md";

const SCRIPT = "scripts/experiments/transfer-seeds.ts";
const RATES = [["lr1e3", 1e-3], ["lr3e4", 3e-4]] as const;

/** One seed's result: test accuracies (0–1) and McNemar p-values against from-scratch. */
export interface SeedResult {
  seed: number;
  scratch: number;
  whole: Record<(typeof RATES)[number][0], { accuracy: number; p: number }>;
}

/** A p-value as docs/training.md prints it: two significant digits, small ones as 7·10⁻⁵. */
export function pText(p: number): string {
  if (p >= 0.001) return p.toPrecision(2);
  let exponent = Math.floor(Math.log10(p));
  let mantissa = Math.round(p / 10 ** exponent);
  if (mantissa === 10) [mantissa, exponent] = [1, exponent + 1];
  const superscript = String(-exponent).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]);
  return `${mantissa}·10⁻${superscript}`;
}

const pct = (x: number) => (100 * x).toFixed(2);
const meanSd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
};

/** The run's key figures (per seed, mean ± sample sd, wins and mean gain of fine-tuning at lr 1e-3). */
export function transferFigures(results: SeedResult[], context: Pick<FigureRecord, "backend" | "date">): FiguresFile {
  const figures: FiguresFile = {};
  const add = (key: string, value: string | number, unit: string, label: string) => (figures[key] = { value, unit, label, notebook: SCRIPT, profile: "full", ...context });
  for (const r of results) {
    add(`transfer-seed-${r.seed}-scratch`, pct(r.scratch), "%", `transfer 0–4 → 5–9, seed ${r.seed}: from scratch`);
    for (const [name, lr] of RATES) {
      add(`transfer-seed-${r.seed}-whole-${name}`, pct(r.whole[name].accuracy), "%", `seed ${r.seed}: whole network fine-tuned at lr ${lr}`);
      add(`transfer-seed-${r.seed}-whole-${name}-p`, pText(r.whole[name].p), "", `seed ${r.seed}: McNemar p, lr ${lr} vs from scratch`);
    }
  }
  const summary = (xs: number[]) => { const { mean, sd } = meanSd(xs.map((x) => 100 * x)); return `${mean.toFixed(2)} ± ${sd.toFixed(2)}`; };
  add("transfer-seeds-scratch-mean", summary(results.map((r) => r.scratch)), "%", `from scratch, mean ± sd over ${results.length} seeds`);
  for (const [name, lr] of RATES) add(`transfer-seeds-whole-${name}-mean`, summary(results.map((r) => r.whole[name].accuracy)), "%", `whole network at lr ${lr}, mean ± sd over ${results.length} seeds`);
  const gains = results.map((r) => 100 * (r.whole.lr1e3.accuracy - r.scratch));
  add("transfer-seeds-count", results.length, "", "seeds (each with its own pretraining)");
  add("transfer-seeds-whole-lr1e3-wins", gains.filter((g) => g > 0).length, "", "seeds where fine-tuning at lr 1e-3 beats from scratch");
  add("transfer-seeds-whole-lr1e3-gain", (gains.reduce((a, b) => a + b, 0) / gains.length).toFixed(2), "", "mean gain of fine-tuning at lr 1e-3 over from scratch, in points");
  return figures;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const record = args.includes("--record");
  const [seedsArg, perClassArg] = args.filter((a) => !a.startsWith("--"));
  const seeds = Number(seedsArg ?? 5);
  const perClass = Number(perClassArg ?? 1000);
  if (record && perClass !== 1000) throw new Error(`--record: docs/training.md cites 1000 labels per class, found ${perClass}`);
  const backend = (await useBestBackend()).name;
  console.log(`backend ${backend}`);
  const mnist = loadMnist();
  const full = { images: normalize(mnist.train.images), labels: mnist.train.labels };
  const test = { images: normalize(mnist.test.images), labels: mnist.test.labels };
  const pretrainSet = selectClasses(full, [0, 1, 2, 3, 4]);
  const targetTest = selectClasses(test, [5, 6, 7, 8, 9]);
  const epochs = Math.max(1, Math.min(30, Math.round(20000 / (5 * perClass))));
  const results: SeedResult[] = [];
  for (let s = 0; s < seeds; s++) {
    const seed = 42 + 1000 * s;
    const base = compileCnn(buildCnn({ seed, numClasses: 5 }));
    await train(base, pretrainSet, { epochs: 3, batchSize: 32, validationSplit: 0.1, seed });
    const labelled = selectClasses(full, [5, 6, 7, 8, 9], { perClass, seed: seed + perClass });
    const quiet = { batchSize: 32, seed: seed + perClass, epochs };
    const scratch = compileCnn(buildCnn({ seed: seed + 7, numClasses: 5 }), { learningRate: 1e-3 });
    await train(scratch, labelled, quiet);
    const rs = await evaluate(scratch, targetTest);
    const result: SeedResult = { seed, scratch: rs.accuracy, whole: {} as SeedResult["whole"] };
    for (const [name, lr] of RATES) {
      const whole = await fineTune(base, { freezeBase: false, numClasses: 5, learningRate: lr, seed: seed + 7 });
      await train(whole, labelled, quiet);
      const rw = await evaluate(whole, targetTest);
      result.whole[name] = { accuracy: rw.accuracy, p: compareAccuracy(rs.predictions, rw.predictions, targetTest.labels).pValue };
      whole.dispose();
    }
    results.push(result);
    console.log(JSON.stringify(result));
    scratch.dispose();
    base.dispose();
  }
  const figures = transferFigures(results, { backend, date: new Date().toISOString().slice(0, 10) });
  const build = join(resolve(__dirname, "..", ".."), "build");
  mkdirSync(build, { recursive: true });
  writeFileSync(join(build, "transfer-seeds-figures.json"), JSON.stringify(figures, null, 2) + "\n");
  if (record) {
    const others = Object.entries(readFigures()).filter(([, f]) => f.notebook !== SCRIPT);
    const recorded = Object.fromEntries([...others, ...Object.entries(figures)].sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(FIGURES, JSON.stringify(recorded, null, 2) + "\n");
    console.log(`recorded ${Object.keys(figures).length} figures in docs/figures.json; filled ${writeFigures(recorded).join(", ") || "nothing new"}`);
  }
}

if (require.main === module) void main();
