// Loading and validating all 70 000 MNIST images, beside numpy's frombuffer on the same files.
import { bundledMnistDir, loadMnist } from "../src";
import { type BenchRow, pythonHas, runPython, timeIt } from "./harness";

export async function rows(): Promise<BenchRow[]> {
  const dir = bundledMnistDir();
  const load = await timeIt(() => loadMnist({ dir }), { repeat: 7 });
  const python = pythonHas(["numpy"]);
  const peer = python === true ? runPython<{ load: number; normalize: number; numpy: string }>("load_numpy.py", [dir]) : undefined;
  return [
    {
      task: "load + validate 70 000 images (4 IDX files)",
      seconds: load,
      units: 70000,
      unit: "img",
      peer: peer && { name: `numpy ${peer.numpy} frombuffer`, seconds: peer.load },
      goal: { text: "ours ≤ 1.0× numpy's time", ratioAtMost: 1.0 },
      note: python === true ? "both read from the page cache" : python,
    },
  ];
}
