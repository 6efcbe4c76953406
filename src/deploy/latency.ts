/**
 * Single-image inference latency, measured the same way in Node and in the served page in headless
 * Chromium: a 1×28×28×1 tensor in, the ten probabilities read back.
 */
import { existsSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, UnavailableError } from "../errors";
import { serveDeployment } from "./serve";

/** Median and spread of repeated timings, in milliseconds. */
export interface LatencySummary {
  runs: number;
  median: number;
  p10: number;
  p90: number;
}

/** Median and 10th/90th percentiles of `times` (ms). */
export function summarizeLatency(times: number[]): LatencySummary {
  if (times.length === 0) throw new InvalidArgumentError("times", "at least one timing", "none");
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { runs: times.length, median: at(0.5), p10: at(0.1), p90: at(0.9) };
}

/** Milliseconds for each of `runs` single-image predictions in Node, after `warmup` untimed ones. */
export async function timeNodePredictions(model: tf.LayersModel, input: Float32Array, runs = 200, warmup = 20): Promise<number[]> {
  if (input.length !== 784) throw new InvalidArgumentError("input", "784 values (one 28×28 image)", `${input.length} values`);
  const once = async () => {
    const out = tf.tidy(() => model.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor);
    await out.data();
    out.dispose();
  };
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times;
}

/** The Chromium binary: CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export function findChromium(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p): p is string => !!p && existsSync(p));
}

/** One backend's result in the browser. */
export interface BrowserLatency extends LatencySummary {
  /** The tfjs backend the page ran on. */
  backend: string;
  /** The browser's version string. */
  browser: string;
  /** The page's probabilities for `options.probe`, when given. */
  probe?: number[];
}

/**
 * Serves `modelDir` with the drawing page, opens it in headless Chromium (playwright-core) once
 * per backend, and times `runs` single-image predictions there after a warm-up. Every request
 * that would leave 127.0.0.1 is blocked; a blocked request is an error. With `probe` (one 28×28
 * input, 0–1), also returns the page's probabilities for it, to compare with Node's.
 */
export async function measureBrowserLatency(modelDir: string, options: { backends?: string[]; runs?: number; probe?: Float32Array } = {}): Promise<BrowserLatency[]> {
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new UnavailableError("Chromium", "a Chromium binary (/usr/bin/chromium or CHROMIUM_PATH)", "none", "apt-get install chromium, or npm run setup");
  let playwright: typeof import("playwright-core");
  try {
    playwright = await import("playwright-core");
  } catch (error) {
    throw new UnavailableError("playwright-core", "the npm package (a devDependency)", (error as Error).message.split("\n")[0], "npm ci in the repository");
  }
  const runs = options.runs ?? 200;
  const server = await serveDeployment({ modelDir, port: 0 });
  const browser = await playwright.chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
  try {
    const results: BrowserLatency[] = [];
    for (const backend of options.backends ?? ["wasm", "webgl"]) {
      const page = await browser.newPage();
      const external: string[] = [];
      await page.route((url) => url.hostname !== "127.0.0.1", async (route) => {
        external.push(route.request().url());
        await route.abort();
      });
      await page.goto(`${server.url}?backend=${backend}`);
      const active = await page.evaluate(() => window.mnistPrep.ready);
      await page.evaluate(() => window.mnistPrep.timePredictions(20));
      const times = await page.evaluate((n) => window.mnistPrep.timePredictions(n), runs);
      const probe = options.probe ? await page.evaluate((input) => window.mnistPrep.predict(input), Array.from(options.probe)) : undefined;
      if (external.length > 0) throw new InvalidArgumentError("page requests", "only 127.0.0.1", external.join(", "));
      results.push({ backend: active, browser: `Chromium ${browser.version()}`, ...summarizeLatency(times), ...(probe ? { probe } : {}) });
      await page.close();
    }
    return results;
  } finally {
    await browser.close();
    await server.close();
  }
}

declare global {
  interface Window {
    mnistPrep: { ready: Promise<string>; timePredictions(runs: number): Promise<number[]>; predict(input: number[]): Promise<number[]> };
  }
}
