// Augmentation with the article's ImageDataGenerator settings (rotation 10°, shifts 0.1, shear
// 0.1°, zoom 0.1, fill 'nearest', bilinear) over the 60 000 training images, beside the
// Keras-style per-image scipy loop and torchvision's RandomAffine per image.
import { ImageDataGenerator, loadMnist } from "../src";
import { pythonHas, runPython, timeIt, type BenchRow } from "./harness";

const ARTICLE = { rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, shearRange: 0.1, horizontalFlip: false, fillMode: "nearest" as const };
const PEER_IMAGES = Number(process.env.MNIST_BENCH_PEER_IMAGES ?? 5000);

export async function rows(): Promise<BenchRow[]> {
  const { train } = loadMnist();
  const n = train.images.n;
  const generator = new ImageDataGenerator({ ...ARTICLE, seed: 1 });
  const epoch = () => {
    let seen = 0;
    for (const batch of generator.batches(train.images, train.labels, { batchSize: 32, epochs: 1, reuseBuffers: true })) seen += batch.labels.length;
    if (seen !== n) throw new Error(`augmented ${seen} of ${n}`);
  };
  const seconds = await timeIt(epoch, { repeat: 5, warmup: 1 });
  const whole = await timeIt(() => generator.randomTransform(train.images), { repeat: 3, warmup: 1 });

  const scale = n / PEER_IMAGES;
  const scaled = `peer timed on the first ${PEER_IMAGES} images and scaled ×${scale.toFixed(1)} to ${n}`;
  let keras: BenchRow["peer"], torch: BenchRow["peer"], pil: BenchRow["peer"];
  let kerasNote = "", torchNote = "";
  const haveScipy = pythonHas(["numpy", "scipy"]);
  if (haveScipy === true) {
    const r = runPython<{ keras_scipy_seconds: number }>("augment_peers.py", [String(PEER_IMAGES), "keras"]);
    keras = { name: "Keras-style per-image scipy.ndimage.affine_transform", seconds: r.keras_scipy_seconds * scale };
    kerasNote = scaled;
  } else kerasNote = haveScipy;
  const haveTorch = pythonHas(["torch", "torchvision"]);
  if (haveTorch === true) {
    const r = runPython<{ torchvision_seconds: number }>("augment_peers.py", [String(PEER_IMAGES), "torch"]);
    torch = { name: "torchvision RandomAffine per image (1 thread)", seconds: r.torchvision_seconds * scale };
    torchNote = `${scaled}; torchvision fills with a constant 0 (it has no 'nearest' fill)`;
    const p = runPython<{ torchvision_pil_seconds: number }>("augment_peers.py", [String(PEER_IMAGES), "pil"]);
    pil = { name: "torchvision RandomAffine on PIL images + ToTensor (1 thread)", seconds: p.torchvision_pil_seconds * scale };
  } else torchNote = haveTorch;
  const ours = "batches of 32 (one reused output buffer, as dataset() does), fresh params per image; exact skip of pixels sampling only background";
  return [
    { task: "augment 60 000 images (article settings) vs Keras/scipy", seconds, units: n, unit: "img", peer: keras, goal: { text: "≥ 20× faster", speedupAtLeast: 20 }, note: `${ours}; ${kerasNote}` },
    { task: "augment 60 000 images (article settings) vs torchvision", seconds, units: n, unit: "img", peer: torch, goal: { text: "≥ 50× faster", speedupAtLeast: 50 }, note: `${ours}; ${torchNote}` },
    { task: "augment 60 000 images (article settings) vs torchvision's PIL pipeline", seconds, units: n, unit: "img", peer: pil, note: `${ours}; torchvision.datasets.MNIST yields PIL images, and PIL's C affine is about twice as fast as the tensor path above; ${torchNote}` },
    { task: "augment 60 000 images in one call (one 188 MB output)", seconds: whole, units: n, unit: "img", note: "randomTransform(all): includes first-touch page faults of the large output array" },
  ];
}
