/** The one call every notebook's first cell makes: backend, profile, seed and a checks list. */
import { useBestBackend, type BackendInfo } from "../../backend/backend";
import { InvalidArgumentError } from "../../errors";
import { Checks } from "./checks";
import { parseLang, setLanguage, t, type Lang } from "../i18n";
import { describeBackend } from "./environment";
import { packageRoot } from "../../package-root";
import { getProfile, type Profile } from "./profile";

/** What a notebook works with after `startNotebook()`. */
export interface NotebookSession {
  /** The active tfjs backend and why it was chosen. */
  backend: BackendInfo;
  /** The run profile (`MNIST_PROFILE`): the article's full recipe or the quick one. */
  profile: Profile;
  /** The seed every random step of the notebook derives from. */
  seed: number;
  /** The checks of the article's claims; the last cell records them and calls `checks.done()`. */
  checks: Checks;
  /** The edition's language. */
  lang: Lang;
  /** The project's folder (build/, docs/, dist/ live there), wherever the notebook runs from. */
  root: string;
}

/** Options of `startNotebook`. */
export interface StartOptions {
  /** Force a backend (`node`, `wasm`, `cpu`); default `MNIST_BACKEND` or the fastest available. */
  backend?: string;
  /** Force a profile (`quick`, `full`); default `MNIST_PROFILE` or `full`. */
  profile?: string;
  /** The edition's language, `en` (default) or `zh`: picks the catalogue of displayed text. */
  lang?: string;
  /** Where the two opening lines and the checks' text go (default: the notebook's output). */
  log?: (line: string) => void;
}

const OPTION_NAMES = ["backend", "profile", "lang", "log"];

/** Activates the best backend, reads the profile, and prints both in two lines. */
export async function startNotebook(options: StartOptions = {}): Promise<NotebookSession> {
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) throw new InvalidArgumentError(`startNotebook.${key}`, `one of ${OPTION_NAMES.join(", ")}`, `unknown option "${key}"`);
  }
  const log = options.log ?? console.log;
  const lang = parseLang(options.lang ?? "en", "startNotebook.lang");
  setLanguage(lang);
  const profile = getProfile(options.profile ?? process.env.MNIST_PROFILE);
  const backend = await useBestBackend(options.backend ?? process.env.MNIST_BACKEND);
  log(t`backend: ${backend.name} — ${describeBackend(backend)}`);
  log(t`profile: ${profile.name} (${profile.trainSize} training and ${profile.testSize} test images, ${profile.epochs} epoch(s), batch ${profile.batchSize}, seed ${profile.seed})`);
  return {
    backend,
    profile,
    seed: profile.seed,
    checks: new Checks(options.log ? (bundle) => options.log!(String(bundle["text/plain"])) : undefined),
    lang,
    root: packageRoot(),
  };
}
