// Every text the drawing page shows, in English and 中文. The page shows the language the reader chose
// with its switch, else the first of the browser's languages it speaks, else English. Values fill {name}.

/** The page's languages. */
export type PageLang = "en" | "zh";

const EN = {
  title: "Draw a digit · mnist-prep",
  heading: "Draw a digit",
  switchLabel: "中文",
  switchTitle: "Show this page in Chinese",
  loading: "Loading the model…",
  padTitle: "1 · Your digit",
  padLabel: "Drawing area: draw one digit with the mouse, a pen or a finger",
  clear: "Clear",
  sample: "Random test image",
  drawHint: "Draw with the mouse, a pen or a finger — or pick a test image.",
  answerTitle: "2 · The network's answer",
  itIs: "It is a",
  sure: "({pct}% sure)",
  barsLabel: "Probability of each digit",
  bar: "{digit}: {pct}%",
  stepsTitle: "3 · MNIST's preparation, step by step",
  stepCrop: "crop to the ink",
  stepScale: "scale into 20×20, keeping the aspect ratio (anti-aliased)",
  stepCentre: "centre of mass (+) to the centre of 28×28: what the network sees",
  noInk: "No ink yet.",
  stepDetail: "Ink box {w}×{h} px at ({left}, {top}) → scaled by {scale} to {sw}×{sh} → placed at ({x}, {y}) so the centre of mass lands on pixel (14, 14).",
  sampleShown: "Test image labelled {label}.",
  sampleResult: "Test image labelled {label}: the network says {best} {mark}.",
  footer: "Runs entirely in this browser with TensorFlow.js on {backend}; nothing is sent anywhere.",
  backend: "the {name} backend",
  wasm: "wasm ({simd}, {threads} threads)",
  wasmOneThread: "wasm ({simd}, 1 thread)",
  noSimd: "no SIMD",
  loaded: "Model loaded: {params} parameters on {backend}. Draw a digit.",
  failed: "Could not start: {message}",
};

/** A text of the page, by key. */
export type PageTextKey = keyof typeof EN;

const ZH: Record<PageTextKey, string> = {
  title: "手写数字识别 · mnist-prep",
  heading: "手写数字识别",
  switchLabel: "English",
  switchTitle: "用英文显示本页",
  loading: "正在加载模型……",
  padTitle: "1 · 写一个数字",
  padLabel: "绘图区：用鼠标、触控笔或手指写一个数字",
  clear: "清除",
  sample: "随机测试图像",
  drawHint: "用鼠标、触控笔或手指写一个数字，或者选一张测试图像。",
  answerTitle: "2 · 网络的回答",
  itIs: "识别为",
  sure: "（把握 {pct}%）",
  barsLabel: "每个数字的概率",
  bar: "{digit}：{pct}%",
  stepsTitle: "3 · 按 MNIST 的方式预处理，逐步展示",
  stepCrop: "裁剪到笔迹",
  stepScale: "保持宽高比缩放进 20×20（抗锯齿）",
  stepCentre: "把质心（+）移到 28×28 的中心：这就是网络看到的输入",
  noInk: "还没有笔迹。",
  stepDetail: "笔迹边界框 {w}×{h} 像素，位于 ({left}, {top}) → 按系数 {scale} 缩放为 {sw}×{sh} → 放在 ({x}, {y})，使质心落在像素 (14, 14) 上。",
  sampleShown: "测试图像，标签为 {label}。",
  sampleResult: "测试图像，标签为 {label}：网络识别为 {best} {mark}。",
  footer: "完全在本浏览器中用 TensorFlow.js 运行，{backend}；不向任何地方发送数据。",
  backend: "后端为 {name}",
  wasm: "wasm（{simd}，{threads} 个线程）",
  wasmOneThread: "wasm（{simd}，1 个线程）",
  noSimd: "无 SIMD",
  loaded: "模型已加载：{params} 个参数，后端为 {backend}。请写一个数字。",
  failed: "无法启动：{message}",
};

/** The page's texts in each language. */
export const PAGE_TEXT: Readonly<Record<PageLang, Readonly<Record<PageTextKey, string>>>> = { en: EN, zh: ZH };

/** Where the page remembers the reader's choice (localStorage). */
export const LANG_STORAGE_KEY = "mnist-prep.lang";

const asPageLang = (tag: string): PageLang | undefined => {
  const lower = tag.trim().toLowerCase();
  return lower === "zh" || lower.startsWith("zh-") ? "zh" : lower === "en" || lower.startsWith("en-") ? "en" : undefined;
};

/** The language to show: `chosen` (the switch's remembered choice) if valid, else the first of `browser` the page speaks, else English. */
export function pageLang(chosen: string | null | undefined, browser: readonly string[]): PageLang {
  if (chosen === "en" || chosen === "zh") return chosen;
  for (const tag of browser) {
    const lang = asPageLang(tag);
    if (lang) return lang;
  }
  return "en";
}

/** `template` with each {name} replaced by `values[name]` (a name without a value stays as it is). */
export const fillText = (template: string, values: Readonly<Record<string, string | number>> = {}): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/** A whole number with its thousands grouped the language's way (93,322 or 93 322). */
export const groupDigits = (n: number, lang: PageLang): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === "zh" ? " " : ",");
