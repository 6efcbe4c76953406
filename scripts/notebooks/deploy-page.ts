// Mouse strokes of a few digits on the drawing page's 280×280 pad, shared by the end-to-end test
// (test/deploy.test.ts) and the README screenshot (scripts/notebooks/screenshots.ts).
import type { Page } from "playwright-core";

/** A stroke: points in the pad's own 280×280 coordinates. */
export type Stroke = Array<[number, number]>;

const ellipse = (cx: number, cy: number, rx: number, ry: number): Stroke =>
  Array.from({ length: 25 }, (_, i) => [cx + rx * Math.sin((2 * Math.PI * i) / 24), cy - ry * Math.cos((2 * Math.PI * i) / 24)]);

/** Digits as mouse strokes. */
export const DIGIT_STROKES: Record<string, Stroke[]> = {
  "1": [[[150, 50], [145, 140], [140, 230]]],
  "0": [ellipse(140, 140, 55, 90)],
  "7": [[[80, 60], [200, 60], [150, 150], [115, 240]]],
  "3": [[[85, 70], [120, 45], [170, 50], [185, 85], [165, 120], [125, 135], [170, 150], [190, 190], [165, 228], [115, 235], [80, 210]]],
};

/** Draws `strokes` on the page's first canvas with the mouse, one press-move-release per stroke. */
export async function drawStrokes(page: Page, strokes: Stroke[]): Promise<void> {
  const box = (await page.locator("canvas").first().boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
    await page.mouse.up();
  }
}

/** The page's predicted digit once the last update after drawing has been answered. */
export async function settledPrediction(page: Page): Promise<string> {
  await page.waitForFunction(() => document.body.dataset.busy === "false" && document.querySelector("[data-testid=prediction]")!.textContent !== "–");
  return (await page.getByTestId("prediction").textContent())!.trim();
}
