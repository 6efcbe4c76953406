// Adds a static PNG to every plotly figure of an executed notebook, rendered by plotly.js in
// headless Chromium: as `image/png` in the output bundle, and in place of the HTML fallback's
// message inside the chart <div> (replaced by the live chart when JavaScript runs). Viewers that run no
// JavaScript (GitHub's notebook preview, mail clients) then still show the chart.
import { readFileSync, writeFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { signNotebook } from ".";

type Output = { output_type: string; data?: Record<string, unknown> };
type Notebook = { cells: Array<{ outputs?: Output[] }> };
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Renders every plotly output of `notebookPath` to PNG and writes the notebook back; returns how many. */
export async function addStaticFigures(browser: Browser, notebookPath: string): Promise<number> {
  const nb = JSON.parse(readFileSync(notebookPath, "utf8")) as Notebook;
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[PLOTLY_MIME]);
  if (outputs.length === 0) return 0;
  const page = await browser.newPage();
  try {
    await page.route(() => true, (route) => (route.request().url().startsWith("about:") ? route.continue() : route.abort()));
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: require.resolve("plotly.js-dist-min/plotly.min.js") });
    for (const output of outputs) {
      const figure = output.data![PLOTLY_MIME] as { data: unknown[]; layout?: Record<string, unknown> };
      const height = typeof figure.layout?.height === "number" ? figure.layout.height : 420;
      const url = await page.evaluate(
        async ({ figure, height }) => {
          const plotly = (window as unknown as { Plotly: { toImage: (f: unknown, o: unknown) => Promise<string> } }).Plotly;
          return plotly.toImage({ data: figure.data, layout: { ...figure.layout, width: 900, height } }, { format: "png", width: 900, height });
        },
        { figure, height },
      );
      const base64 = url.replace(/^data:image\/png;base64,/, "");
      output.data!["image/png"] = base64;
      // nbformat stores multi-line strings as arrays of lines.
      const stored = output.data!["text/html"];
      const html = Array.isArray(stored) ? stored.join("") : stored;
      if (typeof html === "string") {
        output.data!["text/html"] = html.replace(
          /(<div id="[^"]+" class="mnist-prep-plot"[^>]*>)<p[^>]*>[\s\S]*?<\/p>(<\/div>)/,
          `$1<img src="data:image/png;base64,${base64}" alt="static chart" style="max-width:100%"/>$2`,
        );
      }
    }
  } finally {
    await page.close();
  }
  writeFileSync(notebookPath, JSON.stringify(nb, null, 1) + "\n");
  signNotebook(notebookPath); // we changed our own executed notebook: keep it trusted
  return outputs.length;
}
