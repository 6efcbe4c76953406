# Python peer for bench/data.bench.ts: read the four MNIST IDX files with numpy.frombuffer
# (header parsed with struct, label range checked) and normalise with astype(float32)/255.
import json, struct, sys, time
import numpy as np

def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)

def load(folder):
    out = {}
    for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]:
        out[name] = read_idx(f"{folder}/{name}")
    assert out["train-labels-idx1-ubyte"].max() <= 9 and out["t10k-labels-idx1-ubyte"].max() <= 9
    return out

def median_time(fn, repeat=7):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]

folder = sys.argv[1]
data = load(folder)
train = data["train-images-idx3-ubyte"]
print(json.dumps({
    "load": median_time(lambda: load(folder)),
    "normalize": median_time(lambda: train.astype(np.float32) / 255),
    "numpy": np.__version__,
}))
