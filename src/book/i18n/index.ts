/**
 * The book's text in the reader's language. English is the source: the book writes its displayed
 * text as English templates, t`Changed pixels per image (of ${784})`, and a catalogue maps each
 * template, with its values as {0}, {1}, …, to the translation. The language is chosen once, by
 * `startNotebook({ lang })` (or `setLanguage`), and every renderer of the book follows it.
 */
import { InvalidArgumentError, MnistPrepError } from "../../errors";
import type { Catalogue } from "./catalogue";
import { ZH } from "./zh";

export type { Catalogue } from "./catalogue";

/** The editions: English (the source) and 中文. */
export type Lang = "en" | "zh";

/** The languages `startNotebook({ lang })` accepts. */
export const LANGS: readonly Lang[] = ["en", "zh"];


/** Translates a template literal (as a tag) or a plain English string. */
export type Translate = (text: TemplateStringsArray | string, ...values: unknown[]) => string;

/** A template shown in a language whose catalogue lacks it. */
export class MissingTranslationError extends MnistPrepError {}

const CATALOGUES: Record<Lang, Catalogue | undefined> = { en: undefined, zh: ZH };

/** The catalogue key of a template: its literal parts joined by {0}, {1}, … */
export function templateKey(parts: readonly string[]): string {
  return parts.reduce((key, part, i) => (i === 0 ? part : `${key}{${i - 1}}${part}`), "");
}

/** Fills {0}, {1}, … of `template` with `values`. */
export function fillTemplate(template: string, values: readonly unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < values.length ? String(values[Number(i)]) : whole));
}

/** Parses a language name as users write it (`en`, `zh`, `zh-CN`, `中文`). */
export function parseLang(value: string, input = "lang"): Lang {
  const normalised = value.trim().toLowerCase();
  if (normalised === "en" || normalised.startsWith("en-")) return "en";
  if (normalised === "zh" || normalised.startsWith("zh-") || normalised === "中文") return "zh";
  throw new InvalidArgumentError(input, `one of ${LANGS.join(", ")}`, JSON.stringify(value));
}

/** The translator of `lang`: English passes through; another language throws on a template its catalogue lacks. */
export function translator(lang: Lang, catalogue: Catalogue | undefined = CATALOGUES[lang]): Translate {
  return (text, ...values) => {
    const key = typeof text === "string" ? text : templateKey(text.raw.map((_, i) => text[i]));
    if (catalogue === undefined) return fillTemplate(key, values);
    const translated = catalogue[key];
    if (translated === undefined) throw new MissingTranslationError(`${lang} catalogue`, "a translation of this notebook text", JSON.stringify(key));
    return fillTemplate(translated, values);
  };
}

let current: Lang = "en";
let currentTranslator: Translate = translator("en");

/** Chooses the language the book renders in from now on (`startNotebook` calls it once). */
export function setLanguage(lang: Lang): void {
  current = lang;
  currentTranslator = translator(lang);
}

/** The language the book renders in. */
export function language(): Lang {
  return current;
}

/** Translates book text into the current language: t`Accuracy ${x}` (English passes through). */
export const t: Translate = (text, ...values) => currentTranslator(text, ...values);

/** Runs `render` with the book in `lang`, then restores the language (for scripts writing every edition). */
export function inLanguage<T>(lang: Lang, render: () => T): T {
  const previous = current;
  setLanguage(lang);
  try {
    return render();
  } finally {
    setLanguage(previous);
  }
}
