// npx tsx bench/prep-share.ts: what each data-preparation step costs beside what the user waits
// for — the most a faster kernel for that step could save. The 3×3 median and x/255 of the
// 60 000 training images are set against the cleaning notebook's run time (pass it in seconds as
// the first argument, e.g. from build/timings.json after `npx tsx scripts/reproduce.ts 03`), one
// epoch of the article's augmentation against one training epoch with it on the best backend.
import { buildCnn, compileCnn, head, ImageDataGenerator, loadMnist, medianFilter, normalize, train, useBestBackend } from "../src";
import { ARTICLE_AUGMENTATION } from "../src/book";
import { timeIt } from "./harness";

async function main(): Promise<void> {
  const notebookSeconds = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const { train: full } = loadMnist();
  const generator = new ImageDataGenerator({ ...ARTICLE_AUGMENTATION, seed: 1 });
  const augmentEpoch = () => {
    for (const batch of generator.batches(full.images, full.labels, { batchSize: 32, epochs: 1, reuseBuffers: true })) void batch;
  };
  const median = await timeIt(() => medianFilter(full.images), { repeat: 5, warmup: 1 });
  const norm = await timeIt(() => normalize(full.images), { repeat: 5, warmup: 1 });
  const augment = await timeIt(augmentEpoch, { repeat: 3, warmup: 1 });

  const backend = await useBestBackend();
  const model = compileCnn(buildCnn({ seed: 1 }));
  const options = () => ({ epochs: 1, seed: 1, verbose: false, augment: new ImageDataGenerator({ ...ARTICLE_AUGMENTATION, seed: 1 }) });
  await train(model, head(full, 320), options()); // warm-up: first-call costs are not part of an epoch
  const epoch = (await train(model, full, options())).epochs[0].seconds;
  model.dispose();

  const s = (x: number) => `${x.toFixed(3)} s`;
  const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;
  const ofNotebook = (x: number) => (notebookSeconds ? `, ${pct(x, notebookSeconds)} of the cleaning notebook's ${s(notebookSeconds)}` : "");
  console.log(`median 3×3 of 60 000 images: ${s(median)}${ofNotebook(median)}`);
  console.log(`normalize 60 000 images: ${s(norm)}${ofNotebook(norm)}`);
  console.log(`augmentation, one epoch (article settings): ${s(augment)}, ${pct(augment, epoch)} of a training epoch with it (${s(epoch)}, ${backend.name})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
