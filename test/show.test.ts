import assert from "node:assert/strict";
import { test } from "node:test";
import * as dfd from "danfojs-node";
import { PNG } from "pngjs";
import { Checks, ChecksFailedError, digitGridPng, digitsBundle, figureText, histogramTrace, plotlyBundle, tableBundle } from "../src/book";

const images = { data: Uint8Array.from({ length: 3 * 4 }, (_, i) => i * 20), n: 3, h: 2, w: 2 };

test("plotly bundle: plotly MIME for Lab, a lean HTML fallback that says what to do, text", () => {
  const first = plotlyBundle({ data: [{ type: "bar", x: [1], y: [2] }], layout: { title: "counts <1>" } });
  assert.deepEqual(Object.keys(first).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.deepEqual((first["application/vnd.plotly.v1+json"] as { data: unknown }).data, [{ type: "bar", x: [1], y: [2] }]);
  const html = first["text/html"] as string;
  assert.ok(html.length < 1_000, `neither plotly.js nor a second copy of the figure in the fallback (${html.length} characters)`);
  assert.ok(!/<script|https?:\/\//.test(html), "no script, nothing from elsewhere");
  assert.match(html, /^<div id="mnist-prep-plot-[0-9a-f]{12}" class="mnist-prep-plot"/, "the chart's place, which exports fill");
  assert.match(html, /Chart “counts &lt;1&gt;”: open this notebook in JupyterLab/, "a front end without plotly shows what to do, not a blank box");
  assert.equal(first["text/plain"], "<plotly figure: counts <1>>");
});

test("digit grid PNG has the right size and pixels", () => {
  const png = PNG.sync.read(Buffer.from(digitGridPng(images, { indices: [0, 2], cols: 2, scale: 1 })));
  assert.equal(png.width, 2 * (2 + 1) + 1);
  assert.equal(png.height, 2 + 2);
  // second tile, top-left pixel = image 2's first pixel (value 160), row 1, column 4
  assert.equal(png.data[(1 * png.width + 4) * 4], 160);
  assert.throws(() => digitGridPng(images, { indices: [3] }), /indices: expected integers in \[0, 3\), found 3/);
});

test("digits bundle: captioned HTML tiles, PNG fallback", () => {
  const bundle = digitsBundle(images, { indices: [1], captions: ["label <1>"] });
  assert.match(bundle["text/html"] as string, /<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
  assert.match(bundle["text/html"] as string, /label &lt;1&gt;/);
  const png = Buffer.from(bundle["image/png"] as string, "base64");
  const decoded = PNG.sync.read(png);
  assert.deepEqual([decoded.width, decoded.height], [10 * (2 * 2 + 1) + 1, 2 * 2 + 2], "a row of 10 slots, 2× magnified, 1-pixel gutters");
  assert.equal(decoded.data[(1 * decoded.width + 1) * 4], 80, "the tile's first pixel is image 1's first value");
});

test("table bundle from a danfojs DataFrame and from records", () => {
  const df = new dfd.DataFrame({ digit: [0, 1], count: [5923, 6742], share: [0.098717, 0.112367] });
  const bundle = tableBundle(df as never, { caption: "train" });
  const html = bundle["text/html"] as string;
  assert.match(html, /<caption[^>]*>train<\/caption>/);
  assert.match(html, /<th[^>]*>digit<\/th><th[^>]*>count<\/th><th[^>]*>share<\/th>/);
  assert.match(html, /<td[^>]*>6742<\/td><td[^>]*>0\.1124<\/td>/);
  const text = tableBundle([{ a: 1, b: "x" }, { a: 22, b: "yy" }])["text/plain"];
  assert.equal(text, " a   b\n 1   x\n22  yy");
  const rounded = tableBundle([{ v: 1270.3 }, { v: 0.5 }, { v: 12.50001 }, { v: 1e-7 }])["text/plain"];
  assert.equal(rounded, "   v\n1270\n 0.5\n12.5\n1e-7", "four significant digits; zeros before the point stay");
});

test("Checks records claims and errata, shows one line that opens into the list, and throws on a failed claim", () => {
  const shown: Array<Record<string, unknown>> = [];
  const ok = new Checks((bundle) => void shown.push(bundle));
  ok.equal("two", 1 + 1, 2);
  ok.close("pi", Math.PI, 3.14159, 1e-5);
  ok.erratum("σ(13)", 0.852, 0.9999977, 1 / (1 + Math.exp(-13)));
  assert.equal(shown.length, 0, "nothing is shown before done()");
  ok.done();
  assert.equal(ok.results.length, 3);
  const lines = String(shown[0]["text/plain"]).split("\n");
  assert.equal(lines[0], "✓ 3/3 checks passed");
  assert.equal(lines[1], "✓ two — 2");
  assert.match(lines[3], /^✓ erratum — σ\(13\): the article says 0\.852, the correct value is 0\.999998/);
  assert.match(String(shown[0]["text/html"]), /^<details class="mnist-prep-checks"><summary>✓ 3\/3 checks passed<\/summary>/);
  const bad = new Checks((bundle) => void shown.push(bundle));
  bad.equal("three", 1 + 1, 3);
  assert.throws(() => bad.done(), (e: unknown) => e instanceof ChecksFailedError && /✗ three — expected 3, got 2/.test(e.message));
  assert.match(String(shown[1]["text/html"]), /^<details class="mnist-prep-checks" open><summary>✗ 0\/1 checks passed/, "a failure opens the list");
});

test("histogramTrace counts equal-width bins, the maximum in the last one", () => {
  const trace = histogramTrace([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], { bins: 5, name: "v" }) as { x: number[]; y: number[]; width: number; name: string };
  assert.deepEqual(trace.y, [2, 2, 2, 2, 2]);
  assert.deepEqual(trace.x, [1, 3, 5, 7, 9]);
  assert.equal(trace.width, 2);
  assert.equal(trace.name, "v");
  assert.deepEqual((histogramTrace([3, 3, 3], { bins: 4 }) as { y: number[] }).y, [3, 0, 0, 0], "equal values fall in the first bin");
  assert.throws(() => histogramTrace([1], { bins: 0 }), /bins: expected a positive integer, found 0/);
  assert.throws(() => histogramTrace([1, NaN]), /values: expected finite numbers, found NaN at index 1/);
});

test("figureText: the value then the unit, % attached, numbers to 4 significant digits", () => {
  assert.equal(figureText({ value: 99.47, unit: "%" }), "99.47%");
  assert.equal(figureText({ value: "99.40", unit: "%" }), "99.40%", "a string value is kept as written");
  assert.equal(figureText({ value: 0.123456, unit: "s" }), "0.1235 s");
  assert.equal(figureText({ value: 2.5, unit: "" }), "2.5");
  assert.equal(figureText({ value: 60000, unit: "images" }), "60000 images");
  assert.equal(figureText({ value: "4 of 5", unit: "seeds" }), "4 of 5 seeds");
});

