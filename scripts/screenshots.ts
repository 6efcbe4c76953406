// Screenshots for docs/ (README shows them):
//   npx tsx scripts/screenshots.ts [buildDir]   (default build/, falls back to build/test/)
//   npx tsx scripts/screenshots.ts --deployment (only the drawing page)
// Each notebook shot starts at a heading of an exported notebook and spans a fixed height. The
// deployment shot serves the drawing page with build/models/article-cnn (notebook 06's model) and
// draws a 3 with the mouse.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { DEFAULT_MODEL_DIR, serveDeployment } from "../src/serve";
import { DIGIT_STROKES, drawStrokes, settledPrediction } from "./deploy-page";
import { launchChromium } from "./render-check";
import { ROOT } from "./notebooks";

const SHOTS = [
  { notebook: "04-augmentation", heading: "Each transform alone", height: 1100, file: "augmentation.png" },
  { notebook: "06-training", heading: "Evaluation on the test set", height: 1300, file: "training-evaluation.png" },
  { notebook: "05-math", heading: "SGD versus Adam on a 2-D valley", height: 1750, file: "optimisers.png" },
];

/** The drawing page with a hand-drawn 3 and its probabilities: docs/screenshots/deployment.png. */
async function deploymentShot(browser: Browser, out: string): Promise<void> {
  const server = await serveDeployment({ modelDir: join(ROOT, DEFAULT_MODEL_DIR), port: 0 });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    await page.route((url) => url.hostname !== "127.0.0.1", (route) => route.abort());
    await page.goto(server.url);
    await page.evaluate(() => window.mnistPrep.ready);
    await drawStrokes(page, DIGIT_STROKES["3"]);
    const digit = await settledPrediction(page);
    await page.screenshot({ path: join(out, "deployment.png"), fullPage: true });
    console.log(`docs/screenshots/deployment.png ← the drawing page, a drawn 3 read as ${digit} (${server.model.dir})`);
  } finally {
    await server.close();
  }
}

async function main() {
  const onlyDeployment = process.argv.includes("--deployment");
  const preferred = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? join(ROOT, "build");
  const buildDir = SHOTS.every((s) => existsSync(join(preferred, `${s.notebook}.html`))) ? preferred : join(ROOT, "build", "test");
  const out = join(ROOT, "docs", "screenshots");
  mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.route((url) => !/^(file|data|blob|about):/.test(url.href), (route) => route.abort());
    for (const shot of onlyDeployment ? [] : SHOTS) {
      await page.goto(`file://${join(buildDir, `${shot.notebook}.html`)}`, { waitUntil: "load" });
      await page.waitForFunction(() => Array.from(document.querySelectorAll(".mnist-prep-plot")).every((d) => d.querySelector("svg.main-svg")), undefined, { timeout: 30000 });
      const heading = page.locator("h1, h2, h3", { hasText: shot.heading }).first();
      const box = await heading.boundingBox();
      if (!box) throw new Error(`${shot.notebook}: expected a heading containing "${shot.heading}", found none`);
      const scrollY = await page.evaluate(() => window.scrollY);
      await page.screenshot({ path: join(out, shot.file), fullPage: true, clip: { x: 0, y: box.y + scrollY - 10, width: 1100, height: shot.height } });
      console.log(`docs/screenshots/${shot.file} ← ${shot.notebook} "${shot.heading}" (${buildDir})`);
    }
    await deploymentShot(browser, out);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
