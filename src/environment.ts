/** What this machine runs: versions, backend, Jupyter and the tslab kernel, dataset location. */
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";

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

/** Collects the environment report (runs `jupyter` twice; takes about a second). */
export function environmentReport(): EnvironmentReport {
  const jupyterVersions = tryRun("jupyter", ["--version"]);
  const kernels = tryRun("jupyter", ["kernelspec", "list"]);
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: require("node:os").cpus().length,
    tfjs: tf.version.tfjs,
    tfjsNodeInstalled: packageVersion("@tensorflow/tfjs-node") !== null,
    backend: tf.getBackend() ?? "none",
    jupyter: jupyterVersions?.match(/notebook\s*:\s*(\S+)/)?.[1] ?? (jupyterVersions ? "installed" : null),
    tslabKernel: kernels !== null && /^\s*tslab\s/m.test(kernels),
  };
}
