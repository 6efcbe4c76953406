/** Small SVG diagrams for notebooks (no plotting library needed). */
import { InvalidArgumentError } from "../../errors";

/** A flow diagram: `nodes` as boxes centred at `positions` (px), `edges` as arrows between node indices. */
export function flowSvg(title: string, nodes: string[], edges: Array<[number, number]>, positions: Array<[number, number]>): string {
  if (positions.length !== nodes.length) throw new InvalidArgumentError("flowSvg positions", `one per node (${nodes.length})`, String(positions.length));
  const box = (x: number, y: number, text: string) =>
    `<rect x="${x - 70}" y="${y - 16}" width="140" height="32" rx="6" fill="#eef3fb" stroke="#4a6fa5"/>` +
    `<text x="${x}" y="${y + 5}" text-anchor="middle" font-family="sans-serif" font-size="12">${escapeXml(text)}</text>`;
  const arrow = ([a, b]: [number, number]) => {
    if (!positions[a] || !positions[b]) throw new InvalidArgumentError("flowSvg edges", `node indices below ${nodes.length}`, `[${a}, ${b}]`);
    const [x1, y1] = positions[a], [x2, y2] = positions[b];
    const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy);
    const sx = x1 + (dx / len) * 40, sy = y1 + (dy / len) * 18, ex = x2 - (dx / len) * 44, ey = y2 - (dy / len) * 20;
    return `<line x1="${sx}" y1="${sy}" x2="${ex}" y2="${ey}" stroke="#4a6fa5" marker-end="url(#arrow)"/>`;
  };
  const height = Math.max(...positions.map((p) => p[1])) + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}">
<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#4a6fa5"/></marker></defs>
<text x="10" y="18" font-family="sans-serif" font-size="13" font-weight="bold">${escapeXml(title)}</text>
${edges.map(arrow).join("")}${nodes.map((n, i) => box(positions[i][0], positions[i][1], n)).join("")}</svg>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
