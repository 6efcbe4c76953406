/** What this machine runs: versions, backend, Jupyter and the tslab kernel, dataset location. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { translator, type Translate } from "../i18n";
import { packageRoot } from "../package-root";

/** A report for notebooks and `mnist-prep info`. */
export interface EnvironmentReport {
  node: string;
  platform: string;
  cpus: number;
  tfjs: string;
  tfjsNodeInstalled: boolean;
  backend: string;
  jupyter: string | null;
  tslabKernel: boolean;
  /** Whether large arrays get transparent huge pages (see `hugePagesStatus`). */
  hugePages: HugePagesStatus;
}

/** The glibc tunable that makes malloc ask for transparent huge pages for large blocks (glibc ≥ 2.35). */
export const HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb=1";

/** Whether this process's large typed arrays are backed by transparent huge pages, and why. */
export interface HugePagesStatus {
  active: boolean;
  reason: string;
}

/** `env` with `HUGE_PAGES_TUNABLE` added to `GLIBC_TUNABLES` (kept as is when already present). */
export function withHugePages(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const current = env.GLIBC_TUNABLES;
  if (current?.includes("glibc.malloc.hugetlb=")) return env;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:${HUGE_PAGES_TUNABLE}` : HUGE_PAGES_TUNABLE };
}

/**
 * Reports whether large allocations in this process get transparent huge pages. Node's typed
 * arrays come from glibc malloc, which uses them only when started with `GLIBC_TUNABLES` holding
 * `glibc.malloc.hugetlb=1` and the kernel's THP mode is `always` or `madvise`; otherwise the first
 * write to a fresh 188 MB array costs one page fault per 4 KiB (about 0.5 s on a small VM).
 */
export function hugePagesStatus(env: NodeJS.ProcessEnv = process.env, t: Translate = translator("en")): HugePagesStatus {
  if (process.platform !== "linux") return { active: false, reason: t`not Linux (${process.platform}): the OS decides` };
  let mode = "unknown";
  try {
    mode = require("node:fs").readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8").match(/\[(\w+)\]/)?.[1] ?? "unknown";
  } catch {
    return { active: false, reason: t`the kernel has no transparent huge pages` };
  }
  if (mode === "never") return { active: false, reason: t`transparent huge pages are disabled (THP mode never)` };
  if (mode === "always") return { active: true, reason: t`THP mode always` };
  const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;
  if (!glibc) return { active: false, reason: t`not glibc: GLIBC_TUNABLES does not apply` };
  const [major, minor] = glibc.split(".").map(Number);
  if (major < 2 || (major === 2 && minor < 35)) return { active: false, reason: t`glibc ${glibc} predates the hugetlb tunable (2.35)` };
  const tunable = env.GLIBC_TUNABLES?.match(/glibc\.malloc\.hugetlb=(\d)/)?.[1];
  if (tunable === "1" || tunable === "2") return { active: true, reason: t`THP mode ${mode}, GLIBC_TUNABLES=glibc.malloc.hugetlb=${tunable}` };
  return { active: false, reason: t`THP mode ${mode} and GLIBC_TUNABLES lacks ${HUGE_PAGES_TUNABLE}` };
}

function describeJupyter(command: string, versions: string | null, t: Translate): string | null {
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

/** Collects the environment report (runs `jupyter` twice; takes about a second); `t` translates its prose. */
export function environmentReport(t: Translate = translator("en")): EnvironmentReport {
  const jupyter = jupyterCommand();
  const jupyterVersions = tryRun(jupyter, ["--version"]);
  const kernels = tryRun(jupyter, ["kernelspec", "list"]);
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: require("node:os").cpus().length,
    tfjs: tf.version.tfjs,
    tfjsNodeInstalled: packageVersion("@tensorflow/tfjs-node") !== null,
    backend: tf.getBackend() ?? "none",
    jupyter: describeJupyter(jupyter, jupyterVersions, t),
    tslabKernel: kernels !== null && /^\s*tslab\s/m.test(kernels),
    hugePages: hugePagesStatus(process.env, t),
  };
}
