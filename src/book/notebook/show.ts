/**
 * Notebook display: MIME bundles for plotly figures, digit images and tables, and `display()`
 * which sends a bundle to the tslab front end (all MIME types in one message, unlike tslab's
 * own `display.*`, which sends one). Outside a kernel, `display()` prints the text form.
 */
import { randomBytes } from "node:crypto";
import { PNG } from "pngjs";
import { InvalidArgumentError } from "../../errors";
import type { Images } from "../../types";
import { t } from "../i18n";

/** A Jupyter MIME bundle: MIME type → content (base64 for binary types). */
export type MimeBundle = Record<string, unknown>;

/** A plotly figure as plotly.js takes it. */
export interface PlotlyFigure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** `text` with HTML's special characters escaped. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The bundle for a plotly figure. JupyterLab, Notebook 7 (plotly's renderer, installed by setup)
 * and VS Code draw the plotly MIME type. The HTML fallback holds no second copy of the figure: it
 * says where the chart can be seen instead of leaving a blank box; exported HTML turns it into the
 * live chart and the static image (scripts/notebooks/execute_notebook.py, scripts/notebooks/static-figures.ts).
 */
export function plotlyBundle(figure: PlotlyFigure): MimeBundle {
  const id = `mnist-prep-plot-${randomBytes(6).toString("hex")}`;
  const layout: Record<string, unknown> = { margin: { t: 40, r: 20, b: 50, l: 60 }, ...figure.layout };
  const config = { responsive: true, displaylogo: false, ...figure.config };
  const title = (layout as { title?: unknown }).title;
  const titleText = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text ?? "figure";
  const html = `<div id="${id}" class="mnist-prep-plot" style="width:100%"><p style="font:13px sans-serif;color:#555">Chart “${escapeHtml(titleText)}”: open this notebook in JupyterLab or Notebook 7 (<code>npm start</code>), or as exported HTML (<code>npm run reproduce</code>), to see it.</p></div>`;
  return {
    "application/vnd.plotly.v1+json": { data: figure.data, layout, config },
    "text/html": html,
    "text/plain": `<plotly figure: ${titleText}>`,
  };
}

/**
 * A histogram as a plotly bar trace of `bins` equal-width bins over the values' range (the last bin
 * includes the maximum). Counting here, not in plotly, keeps the raw values out of saved notebooks.
 */
export function histogramTrace(values: ArrayLike<number>, options: { bins?: number; name?: string } = {}): Record<string, unknown> {
  const bins = options.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1) throw new InvalidArgumentError("bins", "a positive integer", String(bins));
  if (values.length === 0) throw new InvalidArgumentError("values", "at least one value", "none");
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidArgumentError("values", "finite numbers", `${values[i]} at index ${i}`);
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const width = max > min ? (max - min) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor((values[i] - min) / width))]++;
  const centres = counts.map((_, b) => min + (b + 0.5) * width);
  return { type: "bar", x: centres, y: counts, width, name: options.name, marker: { line: { width: 0 } } };
}

/** Options for drawing digits. */
export interface DigitImageOptions {
  /** Which images to draw (default: the first `cols`×2). */
  indices?: number[];
  /** Digits per row (default 10). */
  cols?: number;
  /** Pixel magnification (default 2). */
  scale?: number;
  /** Draw ink dark on white instead of MNIST's white on black (default false). */
  invert?: boolean;
  /** A caption per drawn image, e.g. its label. */
  captions?: string[];
  /** Value of full ink: 255 for bytes, 1 for normalised floats (default: from the array type). */
  maxValue?: number;
}

/** Encodes one grayscale image (values 0..maxValue) as PNG bytes. */
function encodeGray(pixels: Float32Array | Uint8Array, h: number, w: number, maxValue: number, invert: boolean): Uint8Array {
  const png = new PNG({ width: w, height: h, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  const out = Buffer.alloc(w * h);
  for (let i = 0; i < w * h; i++) {
    const v = Math.max(0, Math.min(255, Math.round((pixels[i] / maxValue) * 255)));
    out[i] = invert ? 255 - v : v;
  }
  png.data = out;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

function checkIndices(images: Images, indices: number[]): void {
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= images.n) {
      throw new InvalidArgumentError("indices", `integers in [0, ${images.n})`, String(i));
    }
  }
}

/** A grid of digits as one PNG (magnified, 1-pixel gutters). */
export function digitGridPng(images: Images, options: DigitImageOptions = {}): Uint8Array {
  const cols = options.cols ?? 10;
  const indices = options.indices ?? Array.from({ length: Math.min(images.n, cols * 2) }, (_, i) => i);
  checkIndices(images, indices);
  const scale = options.scale ?? 2;
  const maxValue = options.maxValue ?? (images.data instanceof Uint8Array ? 255 : 1);
  const { h, w } = images;
  const rows = Math.ceil(indices.length / cols);
  const gutter = 1;
  const width = cols * (w * scale + gutter) + gutter;
  const height = rows * (h * scale + gutter) + gutter;
  const canvas = new Float32Array(width * height).fill(options.invert ? 0 : maxValue * 0.35);
  indices.forEach((index, k) => {
    const top = gutter + Math.floor(k / cols) * (h * scale + gutter);
    const left = gutter + (k % cols) * (w * scale + gutter);
    const base = index * h * w;
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        canvas[(top + y) * width + left + x] = images.data[base + Math.floor(y / scale) * w + Math.floor(x / scale)];
      }
    }
  });
  return encodeGray(canvas, height, width, maxValue, options.invert ?? false);
}

/** The bundle for a digit grid: captioned HTML tiles, a single PNG fallback, and a text line. */
export function digitsBundle(images: Images, options: DigitImageOptions = {}): MimeBundle {
  const cols = options.cols ?? 10;
  const indices = options.indices ?? Array.from({ length: Math.min(images.n, cols * 2) }, (_, i) => i);
  checkIndices(images, indices);
  const scale = options.scale ?? 2;
  const maxValue = options.maxValue ?? (images.data instanceof Uint8Array ? 255 : 1);
  const size = images.h * images.w;
  const tiles = indices.map((index, k) => {
    const png = encodeGray(images.data.subarray(index * size, (index + 1) * size), images.h, images.w, maxValue, options.invert ?? false);
    const caption = options.captions?.[k];
    return `<figure style="margin:2px;text-align:center"><img src="data:image/png;base64,${Buffer.from(png).toString("base64")}" width="${images.w * scale}" height="${images.h * scale}" style="image-rendering:pixelated;display:block"/>${caption === undefined ? "" : `<figcaption style="font:11px monospace">${escapeHtml(caption)}</figcaption>`}</figure>`;
  });
  const html = `<div style="display:grid;grid-template-columns:repeat(${cols},max-content);gap:2px">${tiles.join("")}</div>`;
  return {
    "text/html": html,
    "image/png": Buffer.from(digitGridPng(images, { ...options, indices, cols, scale })).toString("base64"),
    "text/plain": `<${indices.length} digit images${options.captions ? `: ${options.captions.join(" ")}` : ""}>`,
  };
}

/** Something with columns and rows, like a danfojs DataFrame. */
export interface TableLike {
  columns: string[];
  values: unknown[][] | unknown[];
  index?: Array<string | number>;
}

/** A table cell: numbers to 4 significant digits without trailing zeros after the point. */
const cell = (value: unknown): string =>
  typeof value === "number" && !Number.isInteger(value) ? value.toPrecision(4).replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1") : String(value);

/** Converts records (one object per row) to a table with their keys as columns. */
function recordsToTable(records: Array<Record<string, unknown>>): TableLike {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return { columns, values: records.map((r) => columns.map((c) => r[c] ?? "")) };
}

/** The bundle for a table (a danfojs DataFrame or records): an HTML table and aligned text. */
export function tableBundle(table: TableLike | Array<Record<string, unknown>>, options: { caption?: string; showIndex?: boolean } = {}): MimeBundle {
  const t = Array.isArray(table) ? recordsToTable(table) : table;
  const rows = (t.values as unknown[]).map((row) => (Array.isArray(row) ? row : [row]));
  const showIndex = options.showIndex ?? (!Array.isArray(table) && t.index !== undefined);
  const index = t.index ?? rows.map((_, i) => i);
  const header = (showIndex ? [""] : []).concat(t.columns.map(String));
  const body = rows.map((row, i) => (showIndex ? [String(index[i])] : []).concat(row.map(cell)));
  const html =
    `<table class="mnist-prep-table" style="border-collapse:collapse;font-variant-numeric:tabular-nums">` +
    (options.caption ? `<caption style="text-align:left;font-weight:bold">${escapeHtml(options.caption)}</caption>` : "") +
    `<thead><tr>${header.map((h) => `<th style="padding:2px 8px;border-bottom:1px solid #999;text-align:right">${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${body.map((r) => `<tr>${r.map((c) => `<td style="padding:2px 8px;text-align:right">${escapeHtml(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padStart(widths[j])).join("  ");
  const text = [options.caption, line(header), ...body.map(line)].filter((l) => l !== undefined).join("\n");
  return { "text/html": html, "text/plain": text };
}

type WriteDisplayData = (data: { data: MimeBundle; metadata: object; transient: { display_id?: string } }, update: boolean) => void;

/** tslab's display writer when this process is a tslab kernel, else undefined. */
function kernelWriter(): WriteDisplayData | undefined {
  try {
    const jupyter = require.cache[require.resolve("tslab/dist/jupyter")];
    return (jupyter?.exports as { lastWriteDisplayData?: WriteDisplayData } | undefined)?.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when running inside a tslab kernel (displays go to the notebook). */
export function inNotebook(): boolean {
  return kernelWriter() !== undefined;
}

/** Sends a bundle to the notebook (or prints its text form outside one). */
export function display(bundle: MimeBundle): void {
  const write = kernelWriter();
  if (write) write({ data: bundle, metadata: {}, transient: {} }, false);
  else console.log(String(bundle["text/plain"] ?? Object.keys(bundle).join(", ")));
}

/** A display area that can be rewritten in place (progress lines, live charts). */
export interface DisplayHandle {
  /** Replaces what the area shows. */
  update(bundle: MimeBundle): void;
}

/** Opens a display area that `update()` rewrites in place; outside a notebook it prints each update. */
export function newDisplayHandle(): DisplayHandle {
  const id = randomBytes(8).toString("hex");
  let shown = false;
  return {
    update(bundle: MimeBundle) {
      const write = kernelWriter();
      if (!write) {
        console.log(String(bundle["text/plain"] ?? ""));
        return;
      }
      write({ data: bundle, metadata: {}, transient: { display_id: id } }, shown);
      shown = true;
    },
  };
}

/** Displays a plotly figure. */
export const showPlot = (figure: PlotlyFigure): void => display(plotlyBundle(figure));
/** Displays a grid of digits. */
export const showDigits = (images: Images, options?: DigitImageOptions): void => display(digitsBundle(images, options));
/** Displays a table (danfojs DataFrame or records). */
export const showTable = (table: TableLike | Array<Record<string, unknown>>, options?: { caption?: string; showIndex?: boolean }): void =>
  display(tableBundle(table, options));

/** A figure a notebook names for prose, README and docs (its metadata's figures): `key` is a stable kebab-case id, unique across notebooks. */
export interface KeyFigure {
  key: string;
  label: string;
  value: string | number;
  unit: string;
}

const WITH_UNIT: Record<string, (value: string) => string> = {
  "": (v) => v,
  "%": (v) => `${v}%`,
  s: (v) => t`${v} s`,
  ms: (v) => t`${v} ms`,
  min: (v) => t`${v} min`,
  "images/s": (v) => t`${v} images/s`,
};

/** How a key figure reads in prose, in the book's language: the value, then the unit (`%` attached, others after a space). */
export function figureText(figure: Pick<KeyFigure, "value" | "unit">): string {
  const value = typeof figure.value === "number" ? cell(figure.value) : figure.value;
  return (WITH_UNIT[figure.unit] ?? ((v: string) => `${v} ${figure.unit}`))(value);
}
