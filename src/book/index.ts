/**
 * mnist-prep/book: what the notebooks use to show the library's results to a reader in the
 * reader's language — the first cell, display, plots, progress, checks, the article's formulas,
 * errata and experiments, and the translations. The library (`mnist-prep`) knows nothing of it.
 */

// the notebook: first cell, display, plots, progress, formatting, checks, environment
export * from "./notebook/start";
export * from "./notebook/profile";
export * from "./notebook/show";
export * from "./notebook/plots";
export * from "./notebook/progress";
export * from "./notebook/format";
export * from "./notebook/diagrams";
export * from "./notebook/checks";
export * from "./notebook/exercises";
export * from "./notebook/environment";

// the article: its settings, formulas, worked examples, code traces and errata
export * from "./article/settings";
export * from "./article/formulas";
export * from "./article/math-demos";
export { loadErrata, errataMarkdown, errataSummaryMarkdown, verdictCounts, verdictLabel } from "./article/errata";
export type { Erratum, ErrataSource, Verdict } from "./article/errata";

// the experiments the notebooks run
export * from "./experiments/training";
export * from "./experiments/centre-of-mass";

// the reader's language
export * from "./i18n";
