/** Transparent huge pages for this process's large typed arrays: whether they apply, and why. */
import { readFileSync } from "node:fs";

/** The glibc tunable that makes malloc ask for transparent huge pages for large blocks (glibc ≥ 2.35). */
export const HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb=1";

/** Why huge pages do or do not back large arrays (the values that decided it are beside it). */
export type HugePagesCause =
  | "other-os" | "no-thp" | "thp-never" | "thp-always" | "no-glibc" | "old-glibc" | "tunable-on" | "tunable-off";

/** Whether this process's large typed arrays are backed by transparent huge pages, and why. */
export interface HugePagesStatus {
  active: boolean;
  cause: HugePagesCause;
  /** `process.platform`. */
  platform: string;
  /** The kernel's THP mode (`always`, `madvise`, `never`), when it has one. */
  thpMode?: string;
  /** glibc's version, when the process runs on glibc. */
  glibc?: string;
  /** The value of `glibc.malloc.hugetlb` in `GLIBC_TUNABLES`, when set. */
  tunable?: string;
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
export function hugePagesStatus(env: NodeJS.ProcessEnv = process.env): HugePagesStatus {
  const platform = process.platform;
  if (platform !== "linux") return { active: false, cause: "other-os", platform };
  let thpMode: string;
  try {
    thpMode = readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8").match(/\[(\w+)\]/)?.[1] ?? "unknown";
  } catch {
    return { active: false, cause: "no-thp", platform };
  }
  if (thpMode === "never") return { active: false, cause: "thp-never", platform, thpMode };
  if (thpMode === "always") return { active: true, cause: "thp-always", platform, thpMode };
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const glibc = report?.header?.glibcVersionRuntime;
  if (!glibc) return { active: false, cause: "no-glibc", platform, thpMode };
  const [major, minor] = glibc.split(".").map(Number);
  if (major < 2 || (major === 2 && minor < 35)) return { active: false, cause: "old-glibc", platform, thpMode, glibc };
  const tunable = env.GLIBC_TUNABLES?.match(/glibc\.malloc\.hugetlb=(\d)/)?.[1];
  const active = tunable === "1" || tunable === "2";
  return { active, cause: active ? "tunable-on" : "tunable-off", platform, thpMode, glibc, ...(tunable ? { tunable } : {}) };
}
