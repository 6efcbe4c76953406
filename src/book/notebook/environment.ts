/**
 * What this machine runs, in the reader's language: versions, backend, Jupyter and the tslab
 * kernel, huge pages. The library reports backend and huge pages as data; these lines render them.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { nativeBindingDir, type BackendDetail, type BackendInfo, type LibtensorflowInfo } from "../../backend/backend";
import { HUGE_PAGES_TUNABLE, hugePagesStatus, type HugePagesStatus } from "../../backend/environment";
import { packageRoot } from "../../package-root";
import { t } from "../i18n";

/** A report for notebooks and `mnist-prep info`. */
export interface EnvironmentReport {
  node: string;
  platform: string;
  cpus: number;
  tfjs: string;
  tfjsNodeInstalled: boolean;
  /** Whether tfjs-node's native binding is built (`npm run setup` builds it). */
  nativeBindingBuilt: boolean;
  backend: string;
  /** Jupyter's front end and where it was found, or null without Jupyter. */
  jupyter: string | null;
  tslabKernel: boolean;
  /** Whether large arrays get transparent huge pages (see `hugePagesStatus`). */
  hugePages: HugePagesStatus;
}

/** One line on libtensorflow: `libtensorflow 2.21.0 from PyPI's tensorflow-cpu wheel (…)`. */
export function describeLibtensorflow(info: LibtensorflowInfo): string {
  const origin = info.source === "pypi-wheel" ? t`from PyPI's tensorflow-cpu wheel (binding built by npm run setup)`
    : info.source === "official" ? t`official download (tfjs-node's install script)`
    : t`origin unknown: ${info.from}`;
  return `libtensorflow ${info.version} ${origin}`;
}

/** What the backend runs on: libtensorflow and its origin, the wasm build's SIMD and threads, or plain JavaScript. */
export function describeBackendDetail(detail: BackendDetail): string {
  if (detail.kind === "node") return describeLibtensorflow(detail.libtensorflow);
  if (detail.kind === "cpu") return t`pure JavaScript`;
  const threads = detail.threaded ? `${t`on`} (${detail.threads})` : t`off`;
  return `SIMD ${detail.simd ? t`on` : t`off`}, ${t`threads`} ${threads}`;
}

/** One sentence on why the backend was chosen: forced, the fastest, or what was skipped. */
export function describeBackend(info: BackendInfo): string {
  const detail = describeBackendDetail(info.detail);
  if (info.selection.by === "MNIST_BACKEND") return t`forced by MNIST_BACKEND=${info.selection.forced}; ${detail}`;
  if (info.selection.by === "argument") return t`${info.selection.forced} as asked; ${detail}`;
  const skipped = info.attempts.flatMap((a) => (a.ok ? [] : [t`${a.choice} unavailable (${a.error})`]));
  return skipped.length === 0 ? t`fastest available: ${detail}` : t`${skipped.join("; ")}; using ${info.choice}: ${detail}`;
}

/** Why huge pages do or do not back this process's large arrays. */
export function describeHugePages(status: HugePagesStatus): string {
  const { thpMode: mode, glibc, tunable } = status;
  switch (status.cause) {
    case "other-os": return t`not Linux (${status.platform}): the OS decides`;
    case "no-thp": return t`the kernel has no transparent huge pages`;
    case "thp-never": return t`transparent huge pages are disabled (THP mode never)`;
    case "thp-always": return t`THP mode always`;
    case "no-glibc": return t`not glibc: GLIBC_TUNABLES does not apply`;
    case "old-glibc": return t`glibc ${glibc} predates the hugetlb tunable (2.35)`;
    case "tunable-on": return t`THP mode ${mode}, GLIBC_TUNABLES=glibc.malloc.hugetlb=${tunable}`;
    case "tunable-off": return t`THP mode ${mode} and GLIBC_TUNABLES lacks ${HUGE_PAGES_TUNABLE}`;
  }
}

function describeJupyter(command: string, versions: string | null): string | null {
  if (versions === null) return null;
  const lab = versions.match(/jupyterlab\s*:\s*(\S+)/)?.[1];
  const notebook = versions.match(/notebook\s*:\s*(\S+)/)?.[1];
  const where = command === "jupyter" ? t`on PATH` : command;
  return `${lab ? `JupyterLab ${lab}` : notebook ? `Notebook ${notebook}` : t`installed`} (${where})`;
}

function tryRun(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 20000 }).trim();
  } catch {
    return null;
  }
}

/** The version of an installed package, or null when it is not installed. */
export function packageVersion(name: string): string | null {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The Jupyter the project uses: MNIST_JUPYTER, else its own .venv, else `jupyter` on PATH. */
export function jupyterCommand(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MNIST_JUPYTER) return env.MNIST_JUPYTER;
  const own = join(packageRoot(), ".venv", "bin", "jupyter");
  return existsSync(own) ? own : "jupyter";
}

/** Collects the environment report (runs `jupyter` twice; takes about a second). */
export function environmentReport(): EnvironmentReport {
  const jupyter = jupyterCommand();
  const kernels = tryRun(jupyter, ["kernelspec", "list"]);
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    tfjs: tf.version.tfjs,
    tfjsNodeInstalled: packageVersion("@tensorflow/tfjs-node") !== null,
    nativeBindingBuilt: nativeBindingDir() !== null,
    backend: tf.getBackend() ?? "none",
    jupyter: describeJupyter(jupyter, tryRun(jupyter, ["--version"])),
    tslabKernel: kernels !== null && /^\s*tslab\s/m.test(kernels),
    hugePages: hugePagesStatus(),
  };
}
