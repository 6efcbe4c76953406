// Opens exported notebook HTML in headless Chromium and reports whether every plotly chart drew
// its SVG and which requests tried to leave the machine. Used by the notebook test and reproduce.
// In CI a missing Chromium is a failure, not a skip, unless MNIST_SKIP_BROWSER=1 says so explicitly.
import { existsSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";

/** Where Chromium is: CHROMIUM_PATH, or Debian's /usr/bin/chromium; undefined when absent. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

type Env = Record<string, string | undefined>;

/** Why Chromium cannot be used here, or undefined when it can (`env` and `locate` default to the real ones). */
export function browserMissing(env: Env = process.env, locate: () => string | undefined = chromiumPath): string | undefined {
  if (env.MNIST_SKIP_BROWSER === "1") return "MNIST_SKIP_BROWSER=1";
  return locate() === undefined ? "Chromium not found (npm run setup installs it on Debian/Ubuntu; or set CHROMIUM_PATH)" : undefined;
}

/**
 * Whether browser checks may be skipped: a reason when MNIST_SKIP_BROWSER=1, or outside CI when Chromium
 * is missing; false when they must run — in CI, where a missing Chromium then fails.
 */
export function browserSkipReason(env: Env = process.env, locate: () => string | undefined = chromiumPath): string | false {
  if (env.MNIST_SKIP_BROWSER === "1") return "MNIST_SKIP_BROWSER=1";
  if (env.CI) return false;
  const missing = browserMissing(env, locate);
  return missing ? `not in CI: the rendering checks are skipped (${missing})` : false;
}

/** What a rendered page showed. */
export interface RenderReport {
  /** Plotly charts in the notebook's outputs (HTML fallbacks). */
  charts: number;
  /** Of those, how many drew an SVG. */
  drawn: number;
  /** Requests to anything but file:, data:, blob: or about: URLs (aborted before they leave). */
  external: string[];
  /** Errors the page threw. */
  pageErrors: string[];
  /** Formulas MathJax typeset (0 when the page carries no MathJax). */
  formulas: number;
}

/** Launches Chromium as root can (no sandbox) without background network traffic. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
}

/**
 * Opens `url`, aborting (and recording) every request that `local` rejects, waits up to `timeoutMs`
 * for `charts` plotly charts to draw, and reports; `formulas` counts what MathJax typeset.
 */
async function renderAndCount(browser: Browser, url: string, charts: number, local: (url: URL) => boolean, timeoutMs: number): Promise<RenderReport> {
  const page = await browser.newPage();
  const external: string[] = [];
  const pageErrors: string[] = [];
  // Outgoing requests are recorded and aborted, never sent.
  await page.route((u) => !local(u), async (route) => {
    external.push(route.request().url());
    await route.abort();
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    await page
      .waitForFunction((n) => document.querySelectorAll(".mnist-prep-plot svg.main-svg").length >= n, charts, { timeout: timeoutMs })
      .catch(() => undefined);
    const drawn = await page.evaluate(() => Array.from(document.querySelectorAll(".mnist-prep-plot")).filter((d) => d.querySelector("svg.main-svg")).length);
    const formulas = await page.evaluate(async () => {
      const mathJax = (window as unknown as { MathJax?: { startup?: { promise?: Promise<unknown> } } }).MathJax;
      if (!mathJax?.startup?.promise) return 0;
      await mathJax.startup.promise;
      return document.querySelectorAll("mjx-container").length;
    });
    return { charts, drawn, external, pageErrors, formulas };
  } finally {
    await page.close();
  }
}

const inPage = (url: URL) => /^(data|blob|about):/.test(url.href);

/** Renders `htmlPath` and waits (up to `timeoutMs`) for every plotly chart to draw. */
export async function checkRenderedHtml(browser: Browser, htmlPath: string, timeoutMs = 30000): Promise<RenderReport> {
  const charts = (readFileSync(htmlPath, "utf8").match(/class="mnist-prep-plot"/g) ?? []).length;
  return renderAndCount(browser, `file://${htmlPath}`, charts, (url) => url.protocol === "file:" || inPage(url), timeoutMs);
}
