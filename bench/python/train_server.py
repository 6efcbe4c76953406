"""A training peer that stays up between timed runs, for bench/interleaved.ts: the article's CNN,
batch 32, Adam, in PyTorch (KIND torch1 / torch2: that many threads) or tf.keras model.fit
(KIND keras), on the images in DATA_DIR (train_x.f32 [n,28,28], train_y.u8).

Usage: train_server.py KIND DATA_DIR
Trains one warm-up epoch, prints "ready", then for every line on stdin trains one epoch over the
images and prints its seconds (JSON).
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402


def keras_epoch(x, y):
    sys.path.insert(0, os.path.dirname(__file__))
    import tensorflow as tf
    from train_keras import EpochTimes, article_model
    tf.keras.utils.set_random_seed(0)
    model = article_model()

    def epoch():
        timer = EpochTimes()
        model.fit(x, y, batch_size=32, epochs=1, shuffle=False, verbose=0, callbacks=[timer])
        return timer.times[0]
    return epoch


def torch_epoch(x, y, threads):
    import torch
    from train_torch import article_cnn
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = article_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    tx = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
    ty = torch.from_numpy(y.astype(np.int64))

    def epoch():
        t0 = time.perf_counter()
        for j in range(tx.shape[0] // 32):
            optimizer.zero_grad()
            loss = loss_fn(model(tx[j * 32:(j + 1) * 32]), ty[j * 32:(j + 1) * 32])
            loss.backward()
            optimizer.step()
            loss.item()
        return time.perf_counter() - t0
    return epoch


def main():
    kind, data_dir = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.dirname(__file__))
    x = np.fromfile(os.path.join(data_dir, "train_x.f32"), dtype=np.float32).reshape(-1, 28, 28, 1)
    y = np.fromfile(os.path.join(data_dir, "train_y.u8"), dtype=np.uint8)
    epoch = keras_epoch(x, y) if kind == "keras" else torch_epoch(x, y, int(kind[len("torch"):]))
    epoch()
    print("ready", flush=True)
    for _ in sys.stdin:
        print(json.dumps(epoch()), flush=True)


if __name__ == "__main__":
    main()
