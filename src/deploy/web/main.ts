// The drawing page: draw a digit (or pick a test image), prepare it exactly as MNIST prepared its
// digits (the same `centreLikeMnist` Node uses), and show the network's ten probabilities. It speaks
// English or 中文 (strings.ts): the browser's language decides, the switch on the page overrides it.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-webgl";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { loadLayersModel, type LayersModel } from "@tensorflow/tfjs-layers";
import { centreLikeMnist, type MnistCentring } from "../../prep/centre";
import { fillText, groupDigits, LANG_STORAGE_KEY, PAGE_TEXT, pageLang, type PageLang, type PageTextKey } from "./strings";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const pad = $<HTMLCanvasElement>("pad");
const ink = pad.getContext("2d", { willReadFrequently: true })!;
const bars: Array<{ row: HTMLLIElement; fill: HTMLElement; pct: HTMLElement }> = [];

function storedLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage blocked: the browser's language decides
  }
}

let lang: PageLang = pageLang(storedLang(), navigator.languages?.length ? navigator.languages : [navigator.language]);
const text = (key: PageTextKey, values?: Record<string, string | number>, inLang: PageLang = lang) => fillText(PAGE_TEXT[inLang][key], values);

/** Texts that follow the page's state, by element id, kept as functions so a language switch redraws them. */
const stateTexts = new Map<string, () => string>();
function say(id: string, message: () => string): void {
  stateTexts.set(id, message);
  $(id).textContent = message();
}

for (let digit = 0; digit < 10; digit++) {
  const row = document.createElement("li");
  row.innerHTML = `<span>${digit}</span><span class="track"><span class="fill"></span></span><span class="pct">0%</span>`;
  $("bars").append(row);
  bars.push({ row, fill: row.querySelector(".fill")!, pct: row.querySelector(".pct")! });
}

interface BackendInfo {
  name: string;
  simd?: boolean;
  threads?: number;
}

/** A backend as words: `wasm (SIMD, 2 threads)`, `webgl`. */
function describeBackend(info: BackendInfo, inLang: PageLang = lang): string {
  if (info.name !== "wasm") return info.name;
  const simd = info.simd ? "SIMD" : text("noSimd", {}, inLang);
  return text(info.threads === 1 ? "wasmOneThread" : "wasm", { simd, threads: info.threads ?? 1 }, inLang);
}

/** Starts `?backend=wasm|webgl`, or wasm (fast for one small image) falling back to webgl. */
async function startBackend(): Promise<BackendInfo> {
  setWasmPaths("wasm/");
  const wanted = new URLSearchParams(location.search).get("backend");
  for (const name of wanted ? [wanted] : ["wasm", "webgl"]) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        if (name !== "wasm") return { name };
        // Threads need a cross-origin-isolated page (the server sends the COOP/COEP headers).
        const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT") as boolean;
        const threads = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT") ? getThreadsCount() : 1;
        return { name, simd, threads };
      }
    } catch (error) {
      console.warn(`backend ${name} unavailable:`, error);
    }
  }
  throw new Error(`no TensorFlow.js backend of ${wanted ?? "wasm, webgl"} works in this browser`);
}

let model: LayersModel | undefined;
let busy = false;
let pending = false;
let sampleLabel: number | undefined;

/** One image through the network: ten probabilities. */
async function classify(input: Float32Array): Promise<Float32Array> {
  const out = tf.tidy(() => model!.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor);
  const probs = (await out.data()) as Float32Array;
  out.dispose();
  return probs;
}

function readInk(): MnistCentring {
  const rgba = ink.getImageData(0, 0, pad.width, pad.height).data;
  const alpha = new Float32Array(pad.width * pad.height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[4 * i + 3] / 255;
  return centreLikeMnist({ data: alpha, n: 1, h: pad.height, w: pad.width });
}

/** Paints a grey image (0–1, white ink on black) into `canvas`, `h`×`w` pixels at (`x`, `y`) in units of `cell`. */
function paintGrey(canvas: HTMLCanvasElement, data: Float32Array, h: number, w: number, x = 0, y = 0, cell = 1): void {
  const ctx = canvas.getContext("2d")!;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, data[r * w + c])));
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect((x + c) * cell, (y + r) * cell, cell, cell);
    }
  }
}

function showSteps(prep: MnistCentring): void {
  const crop = $<HTMLCanvasElement>("step-crop");
  const scaled = $<HTMLCanvasElement>("step-scaled");
  const input = $<HTMLCanvasElement>("step-input");
  for (const c of [crop, scaled, input]) c.getContext("2d")!.clearRect(0, 0, c.width, c.height);
  if (!prep.box) {
    say("step-detail", () => text("noInk"));
    return;
  }
  const { top, left, height, width } = prep.box;
  const side = Math.max(height, width);
  crop.width = crop.height = side;
  const cropCtx = crop.getContext("2d")!;
  cropCtx.fillStyle = "#000";
  cropCtx.fillRect(0, 0, side, side);
  const region = ink.getImageData(left, top, width, height);
  for (let i = 0; i < region.data.length; i += 4) {
    const a = region.data[i + 3];
    region.data[i] = region.data[i + 1] = region.data[i + 2] = a;
    region.data[i + 3] = 255;
  }
  cropCtx.putImageData(region, Math.floor((side - width) / 2), Math.floor((side - height) / 2));
  paintGrey(scaled, new Float32Array(400), 20, 20);
  paintGrey(scaled, prep.scaled.data, prep.scaled.h, prep.scaled.w, Math.floor((20 - prep.scaled.w) / 2), Math.floor((20 - prep.scaled.h) / 2));
  const cell = 10;
  input.width = input.height = 28 * cell;
  paintGrey(input, prep.input.data, 28, 28, 0, 0, cell);
  const ctx = input.getContext("2d")!;
  const cx = (prep.offset.x + prep.centreOfMass.x + 0.5) * cell;
  const cy = (prep.offset.y + prep.centreOfMass.y + 0.5) * cell;
  ctx.strokeStyle = "#e8453c";
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(cx - 12, cy);
  ctx.lineTo(cx + 12, cy);
  ctx.moveTo(cx, cy - 12);
  ctx.lineTo(cx, cy + 12);
  ctx.stroke();
  const values = { w: width, h: height, left, top, scale: prep.scale.toFixed(3), sw: prep.scaled.w, sh: prep.scaled.h, x: prep.offset.x, y: prep.offset.y };
  say("step-detail", () => text("stepDetail", values));
}

let shownProbs: Float32Array | undefined;

function showProbabilities(probs: Float32Array | undefined): void {
  shownProbs = probs;
  const best = probs ? probs.indexOf(Math.max(...probs)) : -1;
  $("prediction").textContent = probs ? String(best) : "–";
  say("confidence", () => (probs ? text("sure", { pct: (100 * probs[best]).toFixed(1) }) : ""));
  bars.forEach((bar, digit) => {
    const p = probs ? probs[digit] : 0;
    bar.fill.style.width = `${(100 * p).toFixed(1)}%`;
    bar.pct.textContent = p < 0.0005 ? "0%" : p >= 0.9995 ? "100%" : `${(100 * p).toFixed(1)}%`;
    bar.row.classList.toggle("top", digit === best);
    bar.row.setAttribute("aria-label", text("bar", { digit, pct: (100 * p).toFixed(1) }));
  });
  const label = sampleLabel;
  if (label !== undefined && probs) say("source", () => text("sampleResult", { label, best, mark: best === label ? "✓" : "✗" }));
}

/** Shows every text of the page in `lang`. */
function applyLang(): void {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = text("title");
  document.querySelectorAll<HTMLElement>("[data-text]").forEach((el) => (el.textContent = text(el.dataset.text as PageTextKey)));
  document.querySelectorAll<HTMLElement>("[data-text-aria-label]").forEach((el) => el.setAttribute("aria-label", text(el.dataset.textAriaLabel as PageTextKey)));
  document.querySelectorAll<HTMLElement>("[data-text-title]").forEach((el) => (el.title = text(el.dataset.textTitle as PageTextKey)));
  $("lang").lang = lang === "zh" ? "en" : "zh";
  for (const [id, message] of stateTexts) $(id).textContent = message();
  showProbabilities(shownProbs);
}

$("lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // storage blocked: the choice lasts until the page is reloaded
  }
  applyLang();
});

/** Prepares what is on the pad and asks the network; coalesces calls while one is running. */
async function update(): Promise<void> {
  if (!model) return;
  if (busy) {
    pending = true;
    return;
  }
  busy = true;
  document.body.dataset.busy = "true";
  try {
    const prep = readInk();
    showSteps(prep);
    showProbabilities(prep.box ? await classify(prep.input.data) : undefined);
  } finally {
    busy = false;
    if (pending) {
      pending = false;
      void update();
    } else document.body.dataset.busy = "false";
  }
}

// Drawing with pointer events: mouse, pen and touch alike.
let last: { x: number; y: number } | undefined;
function point(event: PointerEvent): { x: number; y: number } {
  const rect = pad.getBoundingClientRect();
  return { x: ((event.clientX - rect.left) * pad.width) / rect.width, y: ((event.clientY - rect.top) * pad.height) / rect.height };
}
function stroke(to: { x: number; y: number }): void {
  ink.lineCap = "round";
  ink.lineJoin = "round";
  ink.lineWidth = 18;
  ink.strokeStyle = "#111";
  ink.beginPath();
  ink.moveTo((last ?? to).x, (last ?? to).y);
  ink.lineTo(to.x, to.y);
  ink.stroke();
  last = to;
  requestAnimationFrame(() => void update());
}
pad.addEventListener("pointerdown", (event) => {
  if (sampleLabel !== undefined) clear();
  pad.setPointerCapture(event.pointerId);
  last = undefined;
  stroke(point(event));
});
pad.addEventListener("pointermove", (event) => {
  if (pad.hasPointerCapture(event.pointerId)) for (const e of event.getCoalescedEvents?.() ?? [event]) stroke(point(e));
});
const endStroke = () => {
  last = undefined;
  void update();
};
pad.addEventListener("pointerup", endStroke);
pad.addEventListener("pointercancel", endStroke);

function clear(): void {
  ink.clearRect(0, 0, pad.width, pad.height);
  sampleLabel = undefined;
  say("source", () => text("drawHint"));
  void update();
}
$("clear").addEventListener("click", clear);

// Test-set mode: a random MNIST test image (shipped as samples.bin: label byte + 784 pixels each),
// enlarged onto the pad and sent through the same preparation as a drawing.
let samples: Uint8Array | undefined;
$("sample").addEventListener("click", async () => {
  samples ??= new Uint8Array(await (await fetch("samples.bin")).arrayBuffer());
  const count = samples.length / 785;
  const i = Math.floor(Math.random() * count);
  const record = samples.subarray(i * 785, (i + 1) * 785);
  const small = new ImageData(28, 28);
  for (let p = 0; p < 784; p++) {
    small.data[4 * p] = small.data[4 * p + 1] = small.data[4 * p + 2] = 17;
    small.data[4 * p + 3] = record[1 + p];
  }
  const tile = document.createElement("canvas");
  tile.width = tile.height = 28;
  tile.getContext("2d")!.putImageData(small, 0, 0);
  ink.clearRect(0, 0, pad.width, pad.height);
  ink.imageSmoothingEnabled = true;
  ink.drawImage(tile, 0, 0, pad.width, pad.height);
  const label = record[0];
  sampleLabel = label;
  say("source", () => text("sampleShown", { label }));
  await update();
});

/** Hooks for tests and the latency measurement (notebook 09). */
declare global {
  interface Window {
    mnistPrep: { ready: Promise<string>; timePredictions(runs: number): Promise<number[]>; predict(input: number[]): Promise<number[]> };
  }
}

say("status", () => text("loading"));
say("source", () => text("drawHint"));
say("footer", () => text("footer", { backend: "…" }));
applyLang();

window.mnistPrep = {
  ready: (async () => {
    const backend = await startBackend();
    say("footer", () => text("footer", { backend: text("backend", { name: describeBackend(backend) }) }));
    model = await loadLayersModel("model/model.json");
    const shape = model.inputs[0].shape;
    if (JSON.stringify(shape) !== JSON.stringify([null, 28, 28, 1])) throw new Error(`model/model.json: expected input shape [null,28,28,1], found ${JSON.stringify(shape)}`);
    await classify(new Float32Array(784)); // warm-up: compiles kernels / shaders once
    const params = model.countParams();
    say("status", () => text("loaded", { params: groupDigits(params, lang), backend: describeBackend(backend) }));
    document.body.dataset.ready = "true";
    return describeBackend(backend, "en");
  })().catch((error: Error) => {
    say("status", () => text("failed", { message: error.message }));
    throw error;
  }),
  /** The ten probabilities for one prepared 28×28 input (values 0–1), bypassing the pad. */
  async predict(input: number[]): Promise<number[]> {
    await window.mnistPrep.ready;
    return Array.from(await classify(Float32Array.from(input)));
  },
  /** Milliseconds per single-image prediction (tensor in, probabilities read back), `runs` times. */
  async timePredictions(runs: number): Promise<number[]> {
    await window.mnistPrep.ready;
    const input = readInk().input.data;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await classify(input);
      times.push(performance.now() - start);
    }
    return times;
  },
};
