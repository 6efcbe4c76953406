"""PyTorch peer of bench/train.bench.ts: the article's CNN, batch 32, Adam, same data.

Usage: train_torch.py DATA_DIR BATCHES WARMUP THREADS INFER_BATCHES [EXTRA_THREADS]
INFER_BATCHES is a comma-separated list of inference batch sizes.
DATA_DIR holds train_x.f32 [n,28,28] / train_y.u8 / test_x.f32 / test_y.u8 written by the
TypeScript side. Prints one JSON line with seconds per timed run.
"""
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def article_cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10),
    )


def load(data_dir: str, split: str):
    x = np.fromfile(os.path.join(data_dir, f"{split}_x.f32"), dtype=np.float32)
    y = np.fromfile(os.path.join(data_dir, f"{split}_y.u8"), dtype=np.uint8)
    return torch.from_numpy(x.reshape(-1, 1, 28, 28)), torch.from_numpy(y.astype(np.int64))


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main() -> None:
    data_dir, batches, warmup, threads = sys.argv[1], *map(int, sys.argv[2:5])
    infer_batch = [int(b) for b in sys.argv[5].split(",")]
    extra_threads = int(sys.argv[6]) if len(sys.argv) > 6 else None
    train_x, train_y = load(data_dir, "train")
    test_x, _ = load(data_dir, "test")
    result = run(train_x, train_y, test_x, batches, warmup, threads, infer_batch, infer=True)
    if extra_threads is not None:
        # Another thread count: on a busy machine OpenMP's spinning threads can make 2
        # threads far slower than 1.
        other = run(train_x, train_y, test_x, batches, warmup, extra_threads, infer_batch, infer=True)
        result["train_seconds_extra_threads"] = other["train_seconds"]
        result["infer_seconds_extra_threads"] = other["infer_seconds"]
        result["extra_threads"] = extra_threads
    print(json.dumps(result))


def run(train_x, train_y, test_x, batches, warmup, threads, infer_batch, infer):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = article_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy, as the Keras model
    n_batches = train_x.shape[0] // 32

    def step(i: int) -> float:
        j = i % n_batches
        xb, yb = train_x[j * 32:(j + 1) * 32], train_y[j * 32:(j + 1) * 32]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss.item()

    for i in range(warmup):
        step(i)
    train_runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        for i in range(batches):
            step(i)
        train_runs.append(time.perf_counter() - t0)

    model.eval()
    infer_seconds = {}
    with torch.no_grad():
        for size in infer_batch if infer else []:
            runs = []
            for r in range(3):
                t0 = time.perf_counter()
                for i in range(0, test_x.shape[0], size):
                    model(test_x[i:i + size]).argmax(1)
                runs.append(time.perf_counter() - t0)
            infer_seconds[str(size)] = median(runs)

    return {
        "train_seconds": median(train_runs), "train_images": batches * 32,
        "infer_seconds": infer_seconds, "infer_images": int(test_x.shape[0]),
        "threads": torch.get_num_threads(), "torch": torch.__version__,
    }


if __name__ == "__main__":
    main()
