// Screenshots of notebooks in JupyterLab for README (docs/screenshots/):
//   npx tsx scripts/screenshots.ts
// Runs each pictured notebook in the project's JupyterLab (quick profile) in headless Chromium,
// then shoots the notebook from the outputs that follow a heading.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { newLabPage, notebookWorkspace, openInLab, runAllAndSave, shutDownKernels, startJupyter, summarizePage } from "./jupyter-ui";
import { ROOT } from "./notebooks";
import { launchChromium } from "./render-check";

const SHOTS = [
  { notebook: "04-augmentation.ipynb", heading: "Each transform alone", file: "lab-augmentation.png" },
  { notebook: "06-training.ipynb", heading: "Evaluation on the test set", file: "lab-training-evaluation.png" },
  { notebook: "05-math.ipynb", heading: "SGD versus Adam on a 2-D valley", file: "lab-optimisers.png" },
];

async function main() {
  const out = join(ROOT, "docs", "screenshots");
  mkdirSync(out, { recursive: true });
  const server = await startJupyter("lab", notebookWorkspace("screenshots"), { MNIST_PROFILE: "quick" });
  const browser = await launchChromium();
  try {
    for (const shot of SHOTS) {
      const { page, outside } = await newLabPage(browser, server);
      await page.setViewportSize({ width: 1280, height: 1000 });
      await openInLab(page, server, shot.notebook);
      await runAllAndSave(page, 15 * 60_000);
      await summarizePage(page); // scrolls every output into view and waits for the charts
      // Collapse the file browser so the notebook takes the width.
      await page.keyboard.press("Control+b");
      const heading = page.locator(".jp-MarkdownOutput :is(h1, h2, h3)", { hasText: shot.heading }).first();
      // The shot starts at the outputs of the first code cell after the heading (the picture, not the
      // code); outputs above may still change height as they lay out, so scroll until it stays put.
      for (let i = 0; i < 3; i++) {
        await heading.evaluate((h) => {
          let cell = h.closest(".jp-Cell")?.nextElementSibling;
          while (cell && !cell.querySelector(".jp-OutputArea-output")) cell = cell.nextElementSibling;
          cell?.querySelector(".jp-OutputArea")?.scrollIntoView({ block: "start" });
          document.querySelector(".jp-mod-current .jp-WindowedPanel-outer, .jp-WindowedPanel-outer")?.scrollBy(0, -50);
        });
        await page.waitForTimeout(1000);
      }
      await page.screenshot({ path: join(out, shot.file) });
      if (outside.length > 0) throw new Error(`${shot.notebook}: requests left 127.0.0.1: ${outside.join(", ")}`);
      console.log(`docs/screenshots/${shot.file} ← ${shot.notebook} "${shot.heading}" in JupyterLab`);
      await shutDownKernels(server);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
