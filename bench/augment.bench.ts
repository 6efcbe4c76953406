// Augmentation with the article's ImageDataGenerator settings (rotation 10°, shifts 0.1, shear
// 0.1°, zoom 0.1, fill 'nearest', bilinear) over the 60 000 training images, beside the
// Keras-style per-image scipy loop and torchvision's RandomAffine per image.
import { ImageDataGenerator, loadMnist } from "../src";
import { pythonHas, runPython, timeIt, type BenchRow } from "./harness";

const ARTICLE = { rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, shearRange: 0.1, horizontalFlip: false, fillMode: "nearest" as const };
const PEER_IMAGES = Number(process.env.MNIST_BENCH_PEER_IMAGES ?? 5000);

/** Rounds of ours-then-peers: the VM's speed drifts by up to 1.5× over minutes, so each peer is timed beside us several times. */
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function rows(): Promise<BenchRow[]> {
  const { train } = loadMnist();
  const n = train.images.n;
  const generator = new ImageDataGenerator({ ...ARTICLE, seed: 1 });
  const epoch = () => {
    let seen = 0;
    for (const batch of generator.batches(train.images, train.labels, { batchSize: 32, epochs: 1, reuseBuffers: true })) seen += batch.labels.length;
    if (seen !== n) throw new Error(`augmented ${seen} of ${n}`);
  };

  const haveScipy = pythonHas(["numpy", "scipy"]), haveTorch = pythonHas(["torch", "torchvision"]);
  const peers = [...(haveScipy === true ? ["keras"] : []), ...(haveTorch === true ? ["torch", "pil"] : [])];
  const scale = n / PEER_IMAGES;
  const ours: number[] = [];
  const peerSeconds: Record<string, number[]> = { keras: [], torch: [], pil: [] };
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(await timeIt(epoch, { repeat: 3, warmup: round === 0 ? 1 : 0 }));
    if (peers.length === 0) continue;
    const r = runPython<{ keras_scipy_seconds?: number; torchvision_seconds?: number; torchvision_pil_seconds?: number }>("augment_peers.py", [String(PEER_IMAGES), peers.join(",")]);
    if (r.keras_scipy_seconds !== undefined) peerSeconds.keras.push(r.keras_scipy_seconds * scale);
    if (r.torchvision_seconds !== undefined) peerSeconds.torch.push(r.torchvision_seconds * scale);
    if (r.torchvision_pil_seconds !== undefined) peerSeconds.pil.push(r.torchvision_pil_seconds * scale);
  }
  const seconds = median(ours);
  const whole = await timeIt(() => generator.randomTransform(train.images), { repeat: 3, warmup: 1 });

  /** The peer's median, and its speed-up over us in each round (the spread says how steady the VM was). */
  const peer = (key: string, name: string): { peer?: BenchRow["peer"]; rounds: string } => {
    const times = peerSeconds[key];
    if (times.length === 0) return { rounds: "" };
    return { peer: { name, seconds: median(times) }, rounds: `; ${ROUNDS} alternating rounds, speed-up per round ${times.map((t, i) => `${(t / ours[i]).toFixed(1)}×`).join(", ")}` };
  };
  const keras = peer("keras", "Keras-style per-image scipy.ndimage.affine_transform");
  const torch = peer("torch", "torchvision RandomAffine per image (1 thread)");
  const pil = peer("pil", "torchvision RandomAffine on PIL images + ToTensor (1 thread)");
  const scaled = `peer timed on the first ${PEER_IMAGES} images and scaled ×${scale.toFixed(1)} to ${n}`;
  const kerasNote = haveScipy === true ? `${scaled}${keras.rounds}` : haveScipy;
  const torchNote = haveTorch === true ? `${scaled}; torchvision fills with a constant 0 (it has no 'nearest' fill)` : haveTorch;
  const oursNote = `plain JavaScript with no speed goal: what matters is its share of a training epoch (the training-epoch row reports it); median of ${ROUNDS} × 3 epochs in batches of 32 (one reused output buffer, as dataset() does), fresh params per image; exact skip of pixels sampling only background`;
  return [
    { task: "augment 60 000 images (article settings) vs Keras/scipy", seconds, units: n, unit: "img", peer: keras.peer, note: `${oursNote}; ${kerasNote}` },
    { task: "augment 60 000 images (article settings) vs torchvision", seconds, units: n, unit: "img", peer: torch.peer, note: `${oursNote}; ${torchNote}${torch.rounds}` },
    { task: "augment 60 000 images (article settings) vs torchvision's PIL pipeline", seconds, units: n, unit: "img", peer: pil.peer, note: `${oursNote}; torchvision.datasets.MNIST yields PIL images, and PIL's C affine is about twice as fast as the tensor path above; ${torchNote}${pil.rounds}` },
    { task: "augment 60 000 images in one call (one 188 MB output)", seconds: whole, units: n, unit: "img", note: "randomTransform(all): includes first-touch page faults of the large output array" },
  ];
}
