// Screenshots of rendered notebook pages for docs/ (README shows them):
//   npx tsx scripts/screenshots.ts [buildDir]   (default build/, falls back to build/test/)
// Each shot starts at a heading of an exported notebook and spans a fixed height.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./render-check";
import { ROOT } from "./notebooks";

const SHOTS = [
  { notebook: "04-augmentation", heading: "Each transform alone", height: 1100, file: "augmentation.png" },
  { notebook: "06-training", heading: "Evaluation on the test set", height: 1300, file: "training-evaluation.png" },
  { notebook: "05-math", heading: "SGD versus Adam on a 2-D valley", height: 1750, file: "optimisers.png" },
];

async function main() {
  const preferred = process.argv[2] ?? join(ROOT, "build");
  const buildDir = SHOTS.every((s) => existsSync(join(preferred, `${s.notebook}.html`))) ? preferred : join(ROOT, "build", "test");
  const out = join(ROOT, "docs", "screenshots");
  mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.route((url) => !/^(file|data|blob|about):/.test(url.href), (route) => route.abort());
    for (const shot of SHOTS) {
      await page.goto(`file://${join(buildDir, `${shot.notebook}.html`)}`, { waitUntil: "load" });
      await page.waitForFunction(() => Array.from(document.querySelectorAll(".mnist-prep-plot")).every((d) => d.querySelector("svg.main-svg")), undefined, { timeout: 30000 });
      const heading = page.locator("h1, h2, h3", { hasText: shot.heading }).first();
      const box = await heading.boundingBox();
      if (!box) throw new Error(`${shot.notebook}: expected a heading containing "${shot.heading}", found none`);
      const scrollY = await page.evaluate(() => window.scrollY);
      await page.screenshot({ path: join(out, shot.file), fullPage: true, clip: { x: 0, y: box.y + scrollY - 10, width: 1100, height: shot.height } });
      console.log(`docs/screenshots/${shot.file} ← ${shot.notebook} "${shot.heading}" (${buildDir})`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
