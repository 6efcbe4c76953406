/** Numbers and hints as the notebooks write them: percentages, mean ± sd, p-values, the transfer table's rows. */
import type { TransferSummary } from "../experiments/training";
import { t } from "../i18n";

/** A fraction as a percentage, e.g. `pct(0.9847)` → `98.5%`. */
export const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;

/** A mean accuracy in percent, with `± sd` when there was more than one run, e.g. `98.12 ± 0.38`. */
const meanSdText = (m: number, sd: number, runs: number): string => `${(100 * m).toFixed(2)}${runs > 1 ? ` ± ${(100 * sd).toFixed(2)}` : ""}`;

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** A p-value for prose: `0.0123` above 1e-4, else one digit times a power of ten, e.g. `2·10⁻¹⁶⁷`. */
export function pValueText(p: number): string {
  if (p >= 1e-4) return p.toFixed(4);
  if (p === 0) return "< 10⁻³⁰⁰";
  const [digit, exponent] = p.toExponential(0).split("e");
  return `${digit}·10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c]).join("")}`;
}

/** One row of notebook 07's transfer table (accuracies in %, ± sd over seeds when there were several). */
export function transferRow(r: TransferSummary): Record<string, string | number> {
  return {
    [t`labels per class`]: r.labelsPerClass,
    [t`epochs`]: r.epochs,
    [t`from scratch %`]: meanSdText(r.scratch, r.scratchSd, r.seeds),
    [t`fine-tuned, frozen base %`]: meanSdText(r.frozen, r.frozenSd, r.seeds),
    [t`fine-tuned, whole network %`]: meanSdText(r.whole, r.wholeSd, r.seeds),
    [t`whole beats scratch`]: t`${r.wins} of ${r.seeds}`,
    [t`only scratch right / only whole right`]: `${r.onlyScratch} / ${r.onlyWhole}`,
    [t`p, whole vs scratch`]: r.pooledP < 1e-4 ? "< 0.0001" : r.pooledP.toFixed(4),
  };
}

/** How to make the model notebook 09 serves when it is missing, in the book's language. */
export const makeModelHint = (): string =>
  t`train it with notebook 06 (\`npx mnist-prep reproduce 06\`: the article's recipe; \`npx mnist-prep reproduce --quick 06\`: a small model, quickly)`;
