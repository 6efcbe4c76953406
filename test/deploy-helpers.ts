// Shared by the deployment tests: a small CNN trained in seconds on a subset of MNIST, saved with
// saveModel, so the tests never depend on a model another run left behind.
import { buildCnn, compileCnn, head, loadMnist, normalize, saveModel, train, useBestBackend } from "../src";

/** Trains the article's CNN on the first `size` training images for one epoch and saves it into `dir`. */
export async function trainSmallModel(dir: string, size = 8000): Promise<void> {
  await useBestBackend();
  const subset = head(loadMnist().train, size);
  const model = compileCnn(buildCnn({ seed: 7 }));
  await train(model, { images: normalize(subset.images), labels: subset.labels }, { epochs: 1, batchSize: 32, seed: 7 });
  await saveModel(model, dir);
  model.dispose();
}
