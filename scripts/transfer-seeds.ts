// Repeats notebook 07's transfer comparison at one label budget over several seeds, each with its own
// pretraining (full-profile recipe): pretrain on digits 0–4, then train on digits 5–9 from scratch
// and by fine-tuning the whole network at lr 1e-3 and 3e-4. Prints one JSON line per seed: test
// accuracies and McNemar p-values against from-scratch. docs/training.md has a run's table.
// Usage: npx tsx scripts/transfer-seeds.ts [seeds=5] [perClass=1000]   (≈ 4 min per seed on wasm)
import { useBestBackend, loadMnist, normalize, buildCnn, compileCnn, train, evaluate, fineTune, selectClasses, compareAccuracy } from "../src";

async function main(): Promise<void> {
  const seeds = Number(process.argv[2] ?? 5);
  const perClass = Number(process.argv[3] ?? 1000);
  console.log(`backend ${(await useBestBackend()).name}`);
  const mnist = loadMnist();
  const full = { images: normalize(mnist.train.images), labels: mnist.train.labels };
  const test = { images: normalize(mnist.test.images), labels: mnist.test.labels };
  const pretrainSet = selectClasses(full, [0, 1, 2, 3, 4]);
  const targetTest = selectClasses(test, [5, 6, 7, 8, 9]);
  const epochs = Math.max(1, Math.min(30, Math.round(20000 / (5 * perClass))));
  for (let s = 0; s < seeds; s++) {
    const seed = 42 + 1000 * s;
    const base = compileCnn(buildCnn({ seed, numClasses: 5 }));
    await train(base, pretrainSet, { epochs: 3, batchSize: 32, validationSplit: 0.1, seed });
    const labelled = selectClasses(full, [5, 6, 7, 8, 9], { perClass, seed: seed + perClass });
    const quiet = { batchSize: 32, seed: seed + perClass, epochs };
    const scratch = compileCnn(buildCnn({ seed: seed + 7, numClasses: 5 }), { learningRate: 1e-3 });
    await train(scratch, labelled, quiet);
    const rs = await evaluate(scratch, targetTest);
    const row: Record<string, string> = { seed: String(seed), scratch: (100 * rs.accuracy).toFixed(2) };
    for (const lr of [1e-3, 3e-4]) {
      const whole = await fineTune(base, { freezeBase: false, numClasses: 5, learningRate: lr, seed: seed + 7 });
      await train(whole, labelled, quiet);
      const rw = await evaluate(whole, targetTest);
      row[`whole@${lr}`] = `${(100 * rw.accuracy).toFixed(2)} (p ${compareAccuracy(rs.predictions, rw.predictions, targetTest.labels).pValue.toPrecision(2)})`;
      whole.dispose();
    }
    console.log(JSON.stringify(row));
    scratch.dispose();
    base.dispose();
  }
}
void main();
