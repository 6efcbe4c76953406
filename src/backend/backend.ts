/**
 * Picks the fastest TensorFlow.js backend available here and reports which and why, as data:
 * `tensorflow` (native libtensorflow via @tensorflow/tfjs-node), then `wasm`, then `cpu`.
 * `MNIST_BACKEND=node|wasm|cpu` forces one.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { InvalidArgumentError, UnavailableError } from "../errors";
import { registerWasmTrainingKernels } from "./wasm-kernels";
import { registerNativeTrainingKernels } from "./native-kernels";
import { registerThreadedWasmBackend } from "./wasm-kernels/wasm_threads";

/** The backends this package knows, by the name users pass in `MNIST_BACKEND`. */
export type BackendChoice = "node" | "wasm" | "cpu";

/** One backend tried during selection: it worked, or the first line of its error. */
export type BackendAttempt = { choice: BackendChoice; ok: true } | { choice: BackendChoice; ok: false; error: string };

/** What the active backend runs on: libtensorflow, a WebAssembly build, or plain JavaScript. */
export type BackendDetail =
  | { kind: "node"; libtensorflow: LibtensorflowInfo }
  | { kind: "wasm"; simd: boolean; /** Worker threads (1 without them). */ threads: number; threaded: boolean }
  | { kind: "cpu" };

/** Who chose the backend: `fastest` (the first that works) or a forced choice and where it was forced. */
export type BackendSelection = { by: "fastest" } | { by: "MNIST_BACKEND" | "argument"; forced: BackendChoice };

/** What `useBestBackend` chose, tfjs's name for it, and why. */
export interface BackendInfo {
  /** tfjs's backend name: `tensorflow`, `wasm` or `cpu`. */
  name: string;
  /** The package's name for it: `node`, `wasm` or `cpu`. */
  choice: BackendChoice;
  /** Whether it was the fastest that works or forced. */
  selection: BackendSelection;
  /** What it runs on. */
  detail: BackendDetail;
  /** Each backend tried, in order (the failed ones with their errors). */
  attempts: BackendAttempt[];
}

/** The libtensorflow under tfjs-node: its version as loaded, and where `npm run setup` got it. */
export interface LibtensorflowInfo {
  /** `TF_Version()` of the loaded library, e.g. `2.21.0`. */
  version: string;
  /** `pypi-wheel` (built by `npm run setup` from PyPI's tensorflow-cpu), `official` (tfjs-node's own download) or `unknown`. */
  source: "pypi-wheel" | "official" | "unknown";
  /** One phrase on the origin, e.g. the wheel's file name and sha256. */
  from: string;
}

/** What `npm run setup` wrote next to tfjs-node's binding (scripts/setup/setup-native.mjs), or null. */
export interface NativeProvenance {
  source: "pypi-wheel" | "official";
  libtensorflow: string;
  from: string;
  tfjsNode: string;
  /** The patch the binding was built with (scripts/setup/tfjs-node-functions.patch: compiled steps), when any. */
  patch?: { file: string; sha256: string };
}

/** tfjs-node's binding folder (`lib/napi-vN`), or null when tfjs-node is not installed or not built. */
export function nativeBindingDir(): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve("@tensorflow/tfjs-node/package.json"));
  } catch {
    return null;
  }
  const lib = join(packageDir, "lib");
  if (!existsSync(lib)) return null;
  const versions = readdirSync(lib).filter((d) => /^napi-v\d+$/.test(d) && existsSync(join(lib, d, "tfjs_binding.node")));
  versions.sort((a, b) => Number(b.slice(6)) - Number(a.slice(6)));
  return versions.length > 0 ? join(lib, versions[0]) : null;
}

/** The provenance `npm run setup` recorded for the native binding, or null when there is none. */
export function nativeProvenance(): NativeProvenance | null {
  const dir = nativeBindingDir();
  const file = dir && join(dir, "provenance.json");
  if (!file || !existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as NativeProvenance;
}

/** Describes the active native backend's libtensorflow (call only while `tensorflow` is active). */
function loadedLibtensorflow(): LibtensorflowInfo {
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
  const provenance = nativeProvenance();
  return {
    version: binding?.TF_Version ?? "unknown",
    source: provenance?.source ?? "unknown",
    from: provenance?.from ?? "no provenance.json next to the binding (not built by npm run setup)",
  };
}

const TFJS_NAME: Record<BackendChoice, string> = { node: "tensorflow", wasm: "wasm", cpu: "cpu" };
const ORDER: BackendChoice[] = ["node", "wasm", "cpu"];

/**
 * Kernels this package registers when a backend becomes active: wasm lacks or runs slowly some
 * training gradients (see wasm-kernels/), and tfjs-node's relu-gradient mask runs five ops where
 * two do (see native-kernels.ts).
 */
const TRAINING_KERNELS: Record<BackendChoice, (() => void) | undefined> = {
  node: registerNativeTrainingKernels,
  wasm: registerWasmTrainingKernels,
  cpu: undefined,
};

async function activate(choice: BackendChoice): Promise<BackendDetail> {
  if (choice === "node") {
    // Loading the package registers the "tensorflow" backend; it throws when the native
    // libtensorflow binary is absent (its install script could not download it).
    if (!nativeBindingDir()) {
      let installed = true;
      try { require.resolve("@tensorflow/tfjs-node/package.json"); } catch { installed = false; }
      throw new Error(installed ? "tfjs-node's binding is not built (npm run setup builds it unless MNIST_NATIVE=0)" : "@tensorflow/tfjs-node is not installed");
    }
    require("@tensorflow/tfjs-node");
  } else if (choice === "wasm") {
    require("@tensorflow/tfjs-backend-wasm");
    // Opt-in threaded SIMD build (see environment.md, "Threads for the wasm backend"); ignored once wasm is running.
    if (process.env.MNIST_WASM_THREADS) registerThreadedWasmBackend(Number(process.env.MNIST_WASM_THREADS));
  }
  const ok = await tf.setBackend(TFJS_NAME[choice]);
  if (!ok) throw new Error(`tf.setBackend("${TFJS_NAME[choice]}") returned false`);
  await tf.ready();
  TRAINING_KERNELS[choice]?.();
  if (choice === "wasm") {
    const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
    const threads = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT");
    const count = threads ? (require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm")).getThreadsCount() : 1;
    return { kind: "wasm", simd, threads: count, threaded: threads };
  }
  return choice === "node" ? { kind: "node", libtensorflow: loadedLibtensorflow() } : { kind: "cpu" };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].slice(0, 200);
}

/** Parses a backend name as users write it (`node`, `tensorflow`, `wasm`, `cpu`). */
export function parseBackendChoice(value: string, input = "MNIST_BACKEND"): BackendChoice {
  const normalised = value.trim().toLowerCase();
  if (normalised === "tensorflow" || normalised === "tfjs-node") return "node";
  if ((ORDER as string[]).includes(normalised)) return normalised as BackendChoice;
  throw new InvalidArgumentError(input, "one of node, wasm, cpu", JSON.stringify(value));
}

/**
 * Activates the best available backend, or the one forced by `force` / `MNIST_BACKEND`
 * (then failing loudly rather than silently falling back). Returns what was chosen and why.
 */
export async function useBestBackend(force: string | undefined = process.env.MNIST_BACKEND): Promise<BackendInfo> {
  const fromEnvironment = force !== undefined && force === process.env.MNIST_BACKEND;
  const forced = force ? parseBackendChoice(force, fromEnvironment ? "MNIST_BACKEND" : "force") : undefined;
  const selection: BackendSelection = forced ? { by: fromEnvironment ? "MNIST_BACKEND" : "argument", forced } : { by: "fastest" };
  const attempts: BackendAttempt[] = [];
  for (const choice of forced ? [forced] : ORDER) {
    try {
      const detail = await activate(choice);
      attempts.push({ choice, ok: true });
      return { name: tf.getBackend(), choice, selection, detail, attempts };
    } catch (error) {
      attempts.push({ choice, ok: false, error: firstLine(error) });
    }
  }
  const last = attempts[attempts.length - 1];
  throw new UnavailableError(`backend ${forced ?? "any"}`, "a working tfjs backend", last && !last.ok ? last.error : "none tried");
}
