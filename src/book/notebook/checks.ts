/**
 * Notebook check cells: each claim prints ✓ or ✗ with the evidence, and `done()` throws when
 * any failed, so headless execution fails loudly.
 */

import { t } from "../i18n";

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

/** A list of claims checked in one cell. */
export class Checks {
  readonly results: CheckResult[] = [];

  constructor(
    private readonly log: (line: string) => void = console.log,
  ) {}

  /** Records `claim` as passed when `ok` is true; `detail` is the evidence either way. */
  that(claim: string, ok: boolean, detail = ""): void {
    this.results.push({ claim, ok, detail });
    this.log(`${ok ? "✓" : "✗"} ${claim}${detail ? ` — ${detail}` : ""}`);
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
    this.results.push({ claim, ok, detail: `article: ${stated}; correct: ${show(correct)}` });
    this.log(`${ok ? "✓" : "✗"} ${t`erratum — ${claim}: the article says ${stated}, the correct value is ${show(computed)}`}`);
  }

  /** Prints a summary and throws `ChecksFailedError` if any claim failed (returns nothing, so a notebook shows only the ✓/✗ lines). */
  done(): void {
    const failed = this.results.filter((r) => !r.ok);
    this.log(t`${this.results.length - failed.length}/${this.results.length} checks passed`);
    if (failed.length > 0) throw new ChecksFailedError(failed);
  }
}
