#!/usr/bin/python3
"""Golden values for test/formulas.test.ts, computed independently with numpy (float64).

Run once with Debian's python:  /usr/bin/python3 scripts/make-fixtures-formulas.py
Writes test/fixtures/formulas.json. Tests read the JSON and never need Python.
"""
import json
import os

import numpy as np

np.seterr(over="ignore")
out = {"generator": "scripts/make-fixtures-formulas.py", "numpy": np.__version__}

zs = [-745.0, -40.0, -18.0, -8.0, -1.0, -1e-9, 0.0, 0.5, 1.0, 8.0, 13.0, 18.0, 40.0, 745.0]
z = np.array(zs)
# sigmoid via a form independent of ours: exp(-log(1 + e^-z)) with numpy.logaddexp
out["activations"] = {
    "z": zs,
    "sigmoid": np.exp(-np.logaddexp(0.0, -z)).tolist(),
    "tanh": np.tanh(z).tolist(),
    "relu": np.maximum(z, 0.0).tolist(),
}

def softmax(v):
    v = np.asarray(v, dtype=np.float64)
    # independent of the max shift: log-sum-exp with np.logaddexp.reduce
    return np.exp(v - np.logaddexp.reduce(v)).tolist()

vectors = [[1.0, 2.0, 3.0], [0.0, 0.0], [1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [2.5]]
out["softmax"] = [{"z": v, "p": softmax(v)} for v in vectors]

W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
x = np.array([1.0, 2.0])
b = np.array([1.0, 2.0, 3.0])
pre = W @ x + b
out["dense"] = {"W": W.tolist(), "x": x.tolist(), "b": b.tolist(), "product": (W @ x).tolist(),
                "preActivation": pre.tolist(), "sigmoid": (1.0 / (1.0 + np.exp(-pre))).tolist()}

y = np.array([1.0, 0.0, 1.0, 0.0])
p = np.array([0.6, 0.4, 0.7, 0.3])
yr = np.array([3.0, -0.5, 2.0, 7.0])
yp = np.array([2.5, 0.0, 2.0, 8.0])
bce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
Y = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]], dtype=np.float64)
P = np.array([[0.1, 0.2, 0.7], [0.3, 0.5, 0.2], [0.25, 0.25, 0.5]])
cce = -(Y * np.log(P)).sum(axis=1)
out["losses"] = {
    "mse": {"y": yr.tolist(), "yHat": yp.tolist(), "value": float(np.mean((yr - yp) ** 2))},
    "article": {"y": y.tolist(), "p": p.tolist(),
                "crossEntropy": float(-(y * np.log(p)).sum()),
                "crossEntropyLog10": float(-(y * np.log10(p)).sum()),
                "binaryMean": float(bce.mean()), "binarySum": float(bce.sum())},
    "categorical": {"Y": Y.tolist(), "P": P.tolist(), "labels": Y.argmax(axis=1).tolist(),
                    "mean": float(cce.mean()), "sum": float(cce.sum())},
}

# Optimisers: a fixed gradient sequence; three Adam variants written from the paper / Keras.
theta0 = np.array([1.0, -2.0, 0.5])
grads = [np.array([0.1, -0.3, 2.0]), np.array([0.2, 0.1, -1.0]), np.array([-0.05, 0.4, 0.0]),
         np.array([0.3, -0.2, 0.5])]
lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-7

def adam(variant):
    th, m, v = theta0.copy(), np.zeros(3), np.zeros(3)
    path = []
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        if variant == "article":
            th = th - lr * m / (np.sqrt(v) + eps)
        elif variant == "algorithm1":
            mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
            th = th - lr * mh / (np.sqrt(vh) + eps)
        else:  # epsilonHat, Keras: lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)
            lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            th = th - lr_t * m / (np.sqrt(v) + eps)
        path.append(th.tolist())
    return {"path": path, "m": m.tolist(), "v": v.tolist()}

sgd, th = [], theta0.copy()
for g in grads:
    th = th - lr * g
    sgd.append(th.tolist())
out["optimizers"] = {"theta0": theta0.tolist(), "grads": [g.tolist() for g in grads],
                     "learningRate": lr, "beta1": b1, "beta2": b2, "epsilon": eps, "sgd": sgd,
                     "adam": {v: adam(v) for v in ("article", "algorithm1", "epsilonHat")}}

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "formulas.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
