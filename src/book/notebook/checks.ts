/**
 * The checks of the article's claims that end each notebook: each claim is recorded with its
 * evidence, and `done()` shows them as one line that opens into the list (collapsed, so the
 * reading path stays short) and throws when any failed, so headless execution fails loudly.
 */
import { t } from "../i18n";
import { display, escapeHtml, type MimeBundle } from "./show";

/** One recorded claim. */
export interface CheckResult {
  claim: string;
  ok: boolean;
  detail: string;
}

/** Thrown by `Checks.done()` when a claim failed. */
export class ChecksFailedError extends Error {
  constructor(readonly failed: CheckResult[]) {
    super(`${failed.length} check(s) failed:\n${failed.map((f) => `✗ ${f.claim} — ${f.detail}`).join("\n")}`);
    this.name = "ChecksFailedError";
  }
}

const show = (value: unknown): string =>
  typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toPrecision(6)) : JSON.stringify(value);

/** How a result reads in one line: ✓ or ✗, the claim, and the evidence after a dash. */
export const checkLine = (r: CheckResult): string => `${r.ok ? "✓" : "✗"} ${r.detail ? t`${r.claim} — ${r.detail}` : r.claim}`;

/** A list of claims checked in one cell. */
export class Checks {
  readonly results: CheckResult[] = [];

  /** `show` receives the result's bundle (default: the notebook's display). */
  constructor(private readonly show: (bundle: MimeBundle) => void = display) {}

  /** Records `claim` as passed when `ok` is true; `detail` is the evidence either way. */
  that(claim: string, ok: boolean, detail = ""): void {
    this.results.push({ claim, ok, detail });
  }

  /** Checks strict equality (deep for arrays and plain objects via JSON). */
  equal(claim: string, actual: unknown, expected: unknown): void {
    const ok = typeof actual === "object" ? JSON.stringify(actual) === JSON.stringify(expected) : actual === expected;
    this.that(claim, ok, ok ? `${show(actual)}` : t`expected ${show(expected)}, got ${show(actual)}`);
  }

  /** Checks |actual − expected| ≤ tolerance. */
  close(claim: string, actual: number, expected: number, tolerance = 1e-6): void {
    const ok = Math.abs(actual - expected) <= tolerance;
    this.that(claim, ok, t`${show(actual)} vs ${show(expected)} (±${tolerance})`);
  }

  /**
   * Records an erratum: the article states `stated`, the correct value is `correct`.
   * Passes when `correct` matches our own computation `computed` within `tolerance`.
   */
  erratum(claim: string, stated: string | number, correct: number, computed: number, tolerance = 1e-3): void {
    const ok = Math.abs(correct - computed) <= tolerance;
    this.that(t`erratum — ${claim}: the article says ${stated}, the correct value is ${show(computed)}`, ok, "");
  }

  /**
   * Shows the results as one line that opens into the list (open when a claim failed), then throws
   * `ChecksFailedError` if any failed. Returns nothing, so the cell shows only that.
   */
  done(): void {
    const failed = this.results.filter((r) => !r.ok);
    const summary = `${failed.length === 0 ? "✓" : "✗"} ${t`${this.results.length - failed.length}/${this.results.length} checks passed`}`;
    const lines = this.results.map(checkLine);
    const items = lines.map((l) => `<li style="list-style:none">${escapeHtml(l)}</li>`).join("");
    this.show({
      "text/html": `<details class="mnist-prep-checks"${failed.length > 0 ? " open" : ""}><summary>${escapeHtml(summary)}</summary><ul style="margin:4px 0;padding-left:1em">${items}</ul></details>`,
      "text/plain": [summary, ...lines].join("\n"),
    });
    if (failed.length > 0) throw new ChecksFailedError(failed);
  }
}
