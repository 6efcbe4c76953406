"""Runs a compiled step's graph (written by bench/native-step.ts) in the .venv's TensorFlow,
the same library version as tfjs-node's binding, in two ways:

  function  the graph as a function of the eager context, called by its name (what the binding does)
  session   the GraphDef in a TF_Session, fed and fetched on every run (the other C-API route)

and times the kernels inside one run from the session's step statistics (FULL_TRACE).

Usage: profile_graph.py DIR RUNS
  DIR holds graph.pb (a GraphDef), manifest.json ({"inputs": [{"name", "dtype", "shape", "file"}],
  "outputs": ["node:index", ...]}) and one raw little-endian file per input.
Prints one JSON line: milliseconds per run for each route, and the kernel breakdown.
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.eager import context, execute  # noqa: E402
from tensorflow.core.protobuf import rewriter_config_pb2  # noqa: E402
from tensorflow.python.framework import graph_to_function_def  # noqa: E402

DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def timed(run, runs):
    for _ in range(3):
        run()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return median(times) * 1000


def main():
    directory, runs = sys.argv[1], int(sys.argv[2])
    graph_def = tf.compat.v1.GraphDef()
    with open(os.path.join(directory, "graph.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    arrays = [np.fromfile(os.path.join(directory, i["file"]), dtype=DTYPES[i["dtype"]]).reshape(i["shape"]) for i in manifest["inputs"]]
    names = [i["name"] for i in manifest["inputs"]]
    outputs = manifest["outputs"]

    # The binding's call options: Grappler without constant folding and the arithmetic optimiser.
    config = tf.compat.v1.ConfigProto()
    config.graph_options.rewrite_options.constant_folding = rewriter_config_pb2.RewriterConfig.OFF
    config.graph_options.rewrite_options.arithmetic_optimization = rewriter_config_pb2.RewriterConfig.OFF
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    session = tf.compat.v1.Session(graph=graph, config=config)
    feed = {f"{name}:0": array for name, array in zip(names, arrays)}
    session_ms = timed(lambda: session.run(outputs, feed), runs)

    options = tf.compat.v1.RunOptions(trace_level=tf.compat.v1.RunOptions.FULL_TRACE)
    op_of = {node.name: node.op for node in graph_def.node}
    by_op, busy, total, traced = {}, [], [], 0
    for _ in range(runs):
        metadata = tf.compat.v1.RunMetadata()
        session.run(outputs, feed, options=options, run_metadata=metadata)
        intervals = []
        for device in metadata.step_stats.dev_stats:
            for node in device.node_stats:
                if node.node_name in ("_SOURCE", "_SINK") or node.node_name.startswith("_"):
                    continue
                start = node.all_start_nanos / 1e6 if node.all_start_nanos else node.all_start_micros / 1e3
                duration = (node.op_end_rel_nanos / 1e6) if node.op_end_rel_nanos else node.op_end_rel_micros / 1e3
                op = op_of.get(node.node_name.split(":")[0], node.timeline_label.split(" = ")[-1].split("(")[0] or "?")
                entry = by_op.setdefault(op, [0.0, 0])
                entry[0] += duration / runs
                entry[1] += 1 / runs
                intervals.append((start, start + duration))
        intervals.sort()
        covered, end = 0.0, -1e30
        for a, b in intervals:
            if b <= end:
                continue
            covered += b - max(a, end)
            end = b
        busy.append(covered)
        total.append(sum(b - a for a, b in intervals))
        traced += 1

    # The binding's route: the graph as a function of the eager context, executed by its name.
    placeholders = {graph.get_operation_by_name(n) for n in names}
    function_def = graph_to_function_def.graph_to_function_def(
        graph, [op for op in graph.get_operations() if op not in placeholders],
        [graph.get_tensor_by_name(f"{n}:0") for n in names], [graph.get_tensor_by_name(o) for o in outputs])
    function_def.signature.name = "profiled_step"
    ctx = context.context()
    ctx.add_function_def(function_def)
    tensors = [tf.constant(a) for a in arrays]
    attrs = ("executor_type", "", "config_proto", config.SerializeToString())
    function_ms = timed(lambda: execute.execute("profiled_step", num_outputs=len(outputs), inputs=tensors, attrs=attrs, ctx=ctx)[-1].numpy(), runs)

    print(json.dumps({
        "tensorflow": tf.__version__, "runs": runs, "nodes": len(graph_def.node),
        "function_ms": function_ms, "session_ms": session_ms,
        "kernels_busy_ms": median(busy), "kernels_sum_ms": median(total),
        "by_op": sorted(([op, ms, round(count)] for op, (ms, count) in by_op.items()), key=lambda e: -e[1]),
    }))


if __name__ == "__main__":
    main()
