"""tf.keras peer of bench/train.bench.ts and bench/epoch.bench.ts: the article's model, compile and
fit exactly as the article writes them (Adam, sparse categorical cross-entropy, batch 32), on the
tensorflow-cpu wheel in the project's .venv.

Usage: train_keras.py throughput DATA_DIR BATCHES INFER_BATCHES
         DATA_DIR holds train_x.f32 [n,28,28] / train_y.u8 / test_x.f32 written by the TypeScript
         side; times model.fit over BATCHES batches (median of 3 epochs after a traced one) and
         model.predict over the test images for each comma-separated batch size.
       train_keras.py steps DATA_DIR BATCHES
         one training step (GradientTape, Adam) run eagerly op by op, as tfjs-node does, and
         compiled with tf.function, as model.fit does: seconds for BATCHES steps each.
       train_keras.py epoch DATA_DIR
         DATA_DIR holds full_x.u8 [60000,28,28] / full_y.u8; times one epoch of
         model.fit(datagen.flow(x, y, batch_size=32)) with the article's ImageDataGenerator.
Prints one JSON line.
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.keras import layers, models  # noqa: E402


def article_model():
    model = models.Sequential([
        layers.Input(shape=(28, 28, 1)),  # the article passes input_shape= to Conv2D (deprecated in Keras 3)
        layers.Conv2D(32, (3, 3), activation='relu'),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation='relu'),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation='relu'),
        layers.Flatten(),
        layers.Dense(64, activation='relu'),
        layers.Dense(10, activation='softmax')
    ])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
    return model


class EpochTimes(tf.keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.start)


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def versions():
    return {"tensorflow": tf.__version__, "keras": tf.keras.__version__ if hasattr(tf.keras, "__version__") else "?",
            "threads": os.cpu_count()}


def throughput(data_dir, batches, infer_batches):
    train_x = np.fromfile(os.path.join(data_dir, "train_x.f32"), dtype=np.float32).reshape(-1, 28, 28, 1)
    train_y = np.fromfile(os.path.join(data_dir, "train_y.u8"), dtype=np.uint8)
    test_x = np.fromfile(os.path.join(data_dir, "test_x.f32"), dtype=np.float32).reshape(-1, 28, 28, 1)
    n = batches * 32
    tf.keras.utils.set_random_seed(0)
    model = article_model()
    timer = EpochTimes()
    model.fit(train_x[:n], train_y[:n], batch_size=32, epochs=4, shuffle=False, verbose=0, callbacks=[timer])
    infer_seconds = {}
    for size in infer_batches:
        runs = []
        for r in range(4):
            t0 = time.perf_counter()
            model.predict(test_x, batch_size=size, verbose=0).argmax(-1)
            runs.append(time.perf_counter() - t0)
        infer_seconds[str(size)] = median(runs[1:])
    return {"train_seconds": median(timer.times[1:]), "train_images": n, "infer_seconds": infer_seconds,
            "infer_images": int(test_x.shape[0]), **versions()}


def steps(data_dir, batches):
    x = tf.constant(np.fromfile(os.path.join(data_dir, "train_x.f32"), dtype=np.float32).reshape(-1, 28, 28, 1)[:32])
    y = tf.constant(np.fromfile(os.path.join(data_dir, "train_y.u8"), dtype=np.uint8)[:32])
    tf.keras.utils.set_random_seed(0)
    model = article_model()
    optimizer = tf.keras.optimizers.Adam()
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()

    def step():
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    result = {}
    for name, run in [("eager_seconds", step), ("graph_seconds", tf.function(step))]:
        for _ in range(3):
            float(run())
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            for _ in range(batches):
                loss = run()
            float(loss)
            runs.append(time.perf_counter() - t0)
        result[name] = median(runs)
    return {**result, "train_images": batches * 32, **versions()}


def epoch(data_dir):
    x = np.fromfile(os.path.join(data_dir, "full_x.u8"), dtype=np.uint8).reshape(-1, 28, 28, 1) / 255.0
    y = np.fromfile(os.path.join(data_dir, "full_y.u8"), dtype=np.uint8)
    datagen = tf.keras.preprocessing.image.ImageDataGenerator(
        rotation_range=10, width_shift_range=0.1, height_shift_range=0.1, zoom_range=0.1, shear_range=0.1,
        horizontal_flip=False, fill_mode='nearest')
    tf.keras.utils.set_random_seed(0)
    model = article_model()
    # One short fit first, so the timed epoch does not include tracing the training step.
    model.fit(datagen.flow(x[:320], y[:320], batch_size=32), epochs=1, verbose=0)
    timer = EpochTimes()
    model.fit(datagen.flow(x, y, batch_size=32), epochs=1, verbose=0, callbacks=[timer])
    return {"epoch_seconds": timer.times[0], "images": int(x.shape[0]), "batches": timer.batches, **versions()}


def main():
    mode = sys.argv[1]
    if mode == "throughput":
        result = throughput(sys.argv[2], int(sys.argv[3]), [int(b) for b in sys.argv[4].split(",")])
    elif mode == "steps":
        result = steps(sys.argv[2], int(sys.argv[3]))
    elif mode == "epoch":
        result = epoch(sys.argv[2])
    else:
        raise SystemExit(f"train_keras.py: unknown mode {mode!r} (expected throughput, steps or epoch)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
