// Screenshots for README (docs/screenshots/), of the full profile's results:
//   npm run reproduce && npm run reproduce -- --lang zh     (first: the full run whose notebooks are pictured)
//   npx tsx scripts/notebooks/screenshots.ts                (the notebooks in JupyterLab, then the drawing page)
//   npx tsx scripts/notebooks/screenshots.ts --deployment   (only the drawing page)
//   npx tsx scripts/notebooks/screenshots.ts --lang zh      (the 中文 notebooks in JupyterLab, for README.zh.md: lab-zh-*.png)
// Each pictured notebook is the executed copy a full reproduce run left in build/ (build/zh/), opened in
// the project's JupyterLab in headless Chromium, not run again; the shot starts at the outputs that
// follow a heading. The deployment shot serves the drawing page with build/models/article-cnn (notebook
// 06's model) and draws a 3 with the mouse.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { DEFAULT_MODEL_DIR, serveDeployment } from "../../src/deploy/serve";
import { DIGIT_STROKES, drawStrokes, settledPrediction } from "./deploy-page";
import { newLabPage, notebookWorkspace, openInLab, shutDownKernels, startJupyter, summarizePage } from "./jupyter-ui";
import { NOTEBOOK_DIR, ROOT } from ".";
import { launchChromium } from "./render-check";

const SHOTS = [
  { notebook: "01-environment-and-concepts.ipynb", heading: "A first model", file: "lab-first-model.png" },
  { notebook: "04-augmentation.ipynb", heading: "Each transform alone", file: "lab-augmentation.png" },
  { notebook: "06-training.ipynb", heading: "Evaluation on the test set", file: "lab-training-evaluation.png" },
  { notebook: "06-training.ipynb", heading: "Exercises", file: "lab-exercises.png" },
];

/** The 中文 edition's shots (headings as notebooks/zh/ writes them). */
const ZH_SHOTS = [
  { notebook: "zh/06-training.ipynb", heading: "测试集评估", file: "lab-zh-training-evaluation.png" },
  { notebook: "zh/09-deployment.ipynb", heading: "为什么要按 MNIST 的方式居中", file: "lab-zh-deployment.png" },
];

type Shot = (typeof SHOTS)[number];

/** The executed copy of `notebook` (e.g. "zh/06-training.ipynb") a full reproduce run wrote, or an error saying how to make it. */
function executedCopy(notebook: string): string {
  const path = join(ROOT, "build", notebook);
  const profile = existsSync(path) && /profile: full|运行配置：full/.test(readFileSync(path, "utf8"));
  if (!profile) throw new Error(`screenshots: expected build/${notebook} from a full-profile run, found ${existsSync(path) ? "a quick one" : "none"} (npm run reproduce${notebook.startsWith("zh/") ? " -- --lang zh" : ""})`);
  return path;
}

/** The full run's executed notebooks in JupyterLab, one shot each. */
async function labShots(browser: Browser, out: string, shots: readonly Shot[]): Promise<void> {
  const workspace = notebookWorkspace("screenshots");
  for (const shot of shots) copyFileSync(executedCopy(shot.notebook), join(workspace, shot.notebook));
  const server = await startJupyter("lab", workspace, { MNIST_PROFILE: "full" });
  try {
    for (const shot of shots) {
      const { page, outside } = await newLabPage(browser, server);
      await page.setViewportSize({ width: 1280, height: 1000 });
      await openInLab(page, server, shot.notebook);
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
      console.log(`docs/screenshots/${shot.file} ← build/${shot.notebook} (full profile) "${shot.heading}" in JupyterLab`);
      await shutDownKernels(server);
      await page.close();
    }
  } finally {
    await server.stop();
  }
}

/** The drawing page with a hand-drawn 3 and its probabilities: docs/screenshots/deployment.png. */
async function deploymentShot(browser: Browser, out: string): Promise<void> {
  const server = await serveDeployment({ modelDir: join(ROOT, DEFAULT_MODEL_DIR), port: 0 });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, locale: "en-US" });
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
  const args = process.argv.slice(2);
  const langAt = args.indexOf("--lang");
  const lang = langAt < 0 ? "en" : args[langAt + 1];
  const unknown = args.filter((a, i) => a !== "--deployment" && a !== "--lang" && !(langAt >= 0 && i === langAt + 1));
  if (unknown.length > 0 || (lang !== "en" && lang !== "zh")) throw new Error(`screenshots: expected --deployment or --lang en|zh, found ${[...unknown, lang].join(" ")}`);
  const out = join(ROOT, "docs", "screenshots");
  mkdirSync(out, { recursive: true });
  const zhShots = ZH_SHOTS.filter((shot) => existsSync(join(NOTEBOOK_DIR, shot.notebook)));
  if (lang === "zh" && zhShots.length === 0) throw new Error(`screenshots --lang zh: expected one of ${ZH_SHOTS.map((s) => s.notebook).join(", ")} in notebooks/, found none (npx tsx scripts/editions/editions.ts)`);
  const browser = await launchChromium();
  try {
    if (lang === "zh") return void (await labShots(browser, out, zhShots));
    if (!args.includes("--deployment")) await labShots(browser, out, SHOTS);
    await deploymentShot(browser, out);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
