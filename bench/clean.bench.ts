// Cleaning over the 60 000 training images: the 3×3 median filter beside scipy's vectorised
// median_filter(x, size=(1, 3, 3)) — compared byte for byte in this same run — plus
// normalisation beside numpy and the validation report (no peer).
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMnist, medianFilter, normalize, validateImages } from "../src";
import { pythonHas, runPython, timeIt, type BenchRow } from "./harness";

export async function rows(): Promise<BenchRow[]> {
  const { train, test } = loadMnist();
  const n = train.images.n;
  const median = await timeIt(() => medianFilter(train.images), { repeat: 5, warmup: 1 });
  const reused = new Uint8Array(train.images.data.length);
  const medianInto = await timeIt(() => medianFilter(train.images, 3, reused), { repeat: 5, warmup: 1 });
  const norm = await timeIt(() => normalize(train.images), { repeat: 5, warmup: 1 });
  const normBuffer = new Float32Array(train.images.data.length);
  const normInto = await timeIt(() => normalize(train.images, normBuffer), { repeat: 5, warmup: 1 });
  const fill = await timeIt(() => new Float32Array(train.images.data.length).fill(0.5), { repeat: 5, warmup: 1 });
  const validate = await timeIt(() => validateImages(train.images, train.labels, { reference: test.images }), { repeat: 3, warmup: 1 });

  let medianPeer: BenchRow["peer"], normPeer: BenchRow["peer"], fillPeer: BenchRow["peer"];
  let exactNote: string;
  const have = pythonHas(["numpy", "scipy"]);
  if (have === true) {
    const path = join(tmpdir(), `mnist-prep-median-${process.pid}.u8`);
    try {
      const r = runPython<{ median_seconds: number; normalize_seconds: number; fill_seconds: number }>("clean_peers.py", [path, "5"]);
      medianPeer = { name: "scipy median_filter(x, size=(1,3,3))", seconds: r.median_seconds };
      normPeer = { name: "numpy x.astype(float32)/255", seconds: r.normalize_seconds };
      fillPeer = { name: "numpy np.empty(shape, float32).fill(0.5)", seconds: r.fill_seconds };
      const theirs = readFileSync(path);
      const ours = medianFilter(train.images).data;
      let differing = 0;
      for (let i = 0; i < ours.length; i++) if (ours[i] !== theirs[i]) differing++;
      exactNote = theirs.length === ours.length && differing === 0
        ? `bit-exact: all ${ours.length.toLocaleString("en")} output bytes equal scipy's in this run`
        : `NOT bit-exact: ${differing} of ${ours.length} bytes differ (lengths ${ours.length}/${theirs.length})`;
    } finally {
      rmSync(path, { force: true });
    }
  } else exactNote = `bit-exactness not checked: ${have}`;
  return [
    { task: "median 3×3 over 60 000 train images (uint8)", seconds: median, units: n, unit: "img", peer: medianPeer, note: `plain JavaScript with no speed goal: what matters is its share of the cleaning notebook (npx tsx bench/prep-share.ts); ${exactNote}` },
    { task: "median 3×3 over 60 000 images into a reused buffer", seconds: medianInto, units: n, unit: "img", peer: medianPeer, note: "medianFilter(images, 3, into): no fresh 47 MB output, so no first-touch page faults (V8 gets no huge pages; numpy does)" },
    { task: "normalize 60 000 images to float32 /255", seconds: norm, units: n, unit: "img", peer: normPeer, note: "no speed goal (see npx tsx bench/prep-share.ts); a 256-entry table of x/255 rounded to float32, bit-equal to numpy; much of the time is the fresh 188 MB output (see the floor row)" },
    { task: "normalize 60 000 images into a reused buffer", seconds: normInto, units: n, unit: "img", peer: normPeer, note: "normalize(images, into): the same table without fresh memory" },
    { task: "floor: a fresh 188 MB Float32Array written once", seconds: fill, units: n, unit: "img", peer: fillPeer, note: "no arithmetic: what any fresh output costs before a value is computed (page faults and zeroing; on a VM sometimes the hypervisor backing new memory, which makes the JS figure erratic). numpy's own floor is most of its normalize time" },
    { task: "validateImages train (+ leakage vs 10 000 test)", seconds: validate, units: n + test.images.n, unit: "img", note: "range, blank, labels, FNV-1a 64 duplicate hashing confirmed byte by byte" },
  ];
}
