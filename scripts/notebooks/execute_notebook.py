"""Executes one notebook with nbclient, reporting progress as JSON lines on stdout.

Usage: python3 execute_notebook.py IN.ipynb OUT.ipynb [--html OUT.html] [--kernel tslab] [--exercises]
       python3 execute_notebook.py --export-html NB.ipynb OUT.html   (no execution)
       python3 execute_notebook.py --sign NB.ipynb   (mark a notebook we changed as trusted again)
Events: {"event": "start", "cells": N}, {"event": "cell", "index": i, "seconds": s},
        {"event": "progress", "index": i, "text": last output line} (at most every PROGRESS_SECONDS while a cell runs),
        {"event": "error", "index": i, "ename": ..., "evalue": ..., "source": ...}, {"event": "done"}.
The executed notebook is written even when a cell fails, so the error can be inspected.

After the notebook's own cells, cells it does not show are run in the same kernel and removed again:
- the figures the notebook's metadata names (metadata.mnist_prep.figures: key → {value: a TypeScript
  expression, unit, label}), whose values go to the executed notebook's metadata.mnist_prep.figure_values;
- with --exercises, each exercise's solution (a cell's metadata.mnist_prep: {exercise: "NN.k", solution})
  and then its checker cell (the cell calling checkExercise("NN.k", …)) again; both verdicts, the unedited
  cell's and the solution's, go to metadata.mnist_prep.exercise_results.
"""
import argparse, copy, json, os, re, sys, time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


PROGRESS_SECONDS = float(os.environ.get("MNIST_PROGRESS_SECONDS", "20"))
FIGURES_MARK = "@@mnist-prep-figures "
EXERCISE_MIME = "application/vnd.mnist-prep.exercise+json"


def emit(**event):
    print(json.dumps(event), flush=True)


def last_line(content):
    """The last non-empty text line of a stream or display message's content, or None."""
    text = content.get("text") if "text" in content else (content.get("data") or {}).get("text/plain")
    if isinstance(text, list):
        text = "".join(text)
    lines = [line.strip() for line in (text or "").replace("\r", "\n").split("\n") if line.strip()]
    return lines[-1][:200] if lines else None


class ProgressClient(NotebookClient):
    """Forwards a running cell's latest output line (e.g. the training progress line) as a progress event."""

    def __init__(self, *args, code_cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.code_cells = list(code_cells)
        self.last_progress = 0.0

    def process_message(self, msg, cell, cell_index):
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        if kind in ("stream", "display_data", "update_display_data") and time.perf_counter() - self.last_progress >= PROGRESS_SECONDS:
            line = last_line(msg.get("content", {}))
            if line and cell_index in self.code_cells:
                self.last_progress = time.perf_counter()
                emit(event="progress", index=self.code_cells.index(cell_index), text=line)
        return super().process_message(msg, cell, cell_index)


NODE_MODULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "node_modules")
MATHJAX = os.path.join(NODE_MODULES, "mathjax", "es5", "tex-svg-full.js")
PLOTLY = os.path.join(NODE_MODULES, "plotly.js-dist-min", "plotly.min.js")
MATH = re.compile(r"\$[^$\n]+\$|\$\$|\\\(|\\\[|\\begin\{")


def has_math(nb):
    return any(cell.cell_type == "markdown" and MATH.search(cell.source) for cell in nb.cells)


def make_offline(body, nb):
    """Removes what nbconvert's template loads from elsewhere (a CDN with pip's nbconvert, /usr/share
    with Debian's): require.js, which no output here needs, and MathJax 2, replaced by MathJax 3's
    self-contained SVG build inlined when a markdown cell holds math. Pages with charts get plotly.js
    once, in <head> (notebook outputs carry none). The page then needs nothing else."""
    body = re.sub(r'<script src="[^"]*require(?:\.min)?\.js"></script>', "", body)
    if 'class="mnist-prep-plot"' in body:
        with open(PLOTLY, encoding="utf-8") as f:
            library = f.read()
        head_end = body.index("</head>")
        body = body[:head_end] + f'<script type="text/javascript">{library}</script>\n' + body[head_end:]
    start, end_marker = body.find("<!-- Load mathjax -->"), "<!-- End of mathjax configuration -->"
    end = body.find(end_marker)
    if start < 0 or end < start:
        return body
    math = ""
    if has_math(nb):
        with open(MATHJAX, encoding="utf-8") as f:
            script = f.read()
        config = ("window.MathJax = { tex: { inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], "
                  "displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']], processEscapes: true, processEnvironments: true, tags: 'ams' }, "
                  "svg: { fontCache: 'global' } };")
        math = f"<script>{config}</script>\n<script>{script}</script>\n"
    return body[:start] + math + body[end + len(end_marker):]


PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOT_PLACE = re.compile(r'<div id="(mnist-prep-plot-[0-9a-f]+)" class="mnist-prep-plot"')
DRAW = ('<script type="text/javascript">(function(){{var s={spec};var e=document.getElementById("{id}");'
        'if(e&&window.Plotly){{e.innerHTML="";e.style.height="{height}px";window.Plotly.newPlot(e,s.data,s.layout,s.config);}}}})();</script>')


def with_live_charts(nb):
    """A copy of the notebook whose chart fallbacks draw the chart from its plotly JSON (the page
    carries plotly.js): notebook outputs keep one copy of each figure, exported pages draw it."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            figure, html = data.get(PLOTLY_MIME), data.get("text/html")
            html = "".join(html) if isinstance(html, list) else html
            place = PLOT_PLACE.search(html or "")
            if figure is None or place is None:
                continue
            height = (figure.get("layout") or {}).get("height") or 420
            spec = json.dumps(figure).replace("</", "<\\/")
            data["text/html"] = html + DRAW.format(spec=spec, id=place.group(1), height=height)
    return nb


def export_html(nb, path):
    from nbconvert import HTMLExporter
    title = os.path.splitext(os.path.basename(path))[0]
    body, _ = HTMLExporter().from_notebook_node(with_live_charts(nb), resources={"metadata": {"name": title}})
    with open(path, "w", encoding="utf-8") as f:
        f.write(make_offline(body, nb))


def sign(nb):
    """Marks the executed notebook as trusted (Jupyter's notary database), as running it in the UI would,
    so the classic notebook and JupyterLab run its HTML outputs' scripts (the plotly charts)."""
    try:
        from nbformat.sign import NotebookNotary
        NotebookNotary().sign(nb)
    except Exception as error:  # an unwritable notary database only costs the charts' interactivity
        print(f"could not mark the notebook trusted: {error}", file=sys.stderr)


def exercise_cells(nb):
    """(id, solution source, checker cell) for every exercise cell of the notebook, in order."""
    found = []
    for i, cell in enumerate(nb.cells):
        exercise = (cell.get("metadata", {}).get("mnist_prep") or {}).get("exercise")
        if cell.cell_type != "code" or not exercise:
            continue
        solution = cell.metadata["mnist_prep"].get("solution")
        checker = next((c for c in nb.cells[i + 1:] if c.cell_type == "code" and f'checkExercise("{exercise}"' in c.source), None)
        if not solution or checker is None:
            raise SystemExit(f"exercise {exercise}: expected a solution in its metadata and a later cell calling checkExercise(\"{exercise}\", …)")
        found.append((exercise, solution, checker))
    return found


def verdict(cell):
    """The checker's verdict among a cell's outputs, or None."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if EXERCISE_MIME in data:
            return data[EXERCISE_MIME]
    return None


def hidden_cells(nb, exercises):
    """The cells run after the notebook's own: figure values, then each exercise's solution and checker."""
    cells = []
    figures = (nb.metadata.get("mnist_prep") or {}).get("figures") or {}
    if figures:
        body = ", ".join(f"{json.dumps(key)}: ({spec['value']})" for key, spec in figures.items())
        cells.append(("figures", None, f'console.log("{FIGURES_MARK}" + JSON.stringify({{ {body} }}));'))
    if exercises:
        for exercise, solution, checker in exercise_cells(nb):
            cells.append(("solution", exercise, solution))
            cells.append(("checker", exercise, checker.source))
    return cells


def harvest(nb, own_count, hidden):
    """Moves what the hidden cells printed into the notebook's metadata and removes them."""
    meta = nb.metadata.setdefault("mnist_prep", {})
    ran = nb.cells[own_count:]
    del nb.cells[own_count:]
    figures = (meta.get("figures") or {})
    results = {}
    for (kind, exercise, _), cell in zip(hidden, ran):
        if kind == "figures":
            text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
            line = next((l for l in text.splitlines() if l.startswith(FIGURES_MARK)), None)
            if line is not None:
                values = json.loads(line[len(FIGURES_MARK):])
                meta["figure_values"] = {key: {"label": figures[key].get("label", key), "value": values.get(key), "unit": figures[key].get("unit", "")} for key in figures}
        elif kind == "checker":
            results.setdefault(exercise, {})["solution"] = verdict(cell)
    for exercise, _, checker in (exercise_cells(nb) if any(k == "checker" for k, _, _ in hidden) else []):
        results.setdefault(exercise, {})["unedited"] = verdict(checker)
    if results:
        meta["exercise_results"] = results


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--sign":
        sign(nbformat.read(sys.argv[2], as_version=4))
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--export-html":
        export_html(nbformat.read(sys.argv[2], as_version=4), sys.argv[3])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--html")
    parser.add_argument("--kernel", default="tslab")
    parser.add_argument("--exercises", action="store_true")
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    own_count = len(nb.cells)
    hidden = hidden_cells(nb, args.exercises)
    for _, _, source in hidden:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    emit(event="start", cells=len(code_cells))
    client = ProgressClient(nb, code_cells=code_cells, kernel_name=args.kernel, timeout=None, startup_timeout=120,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.input))}})
    started = {}
    last_started = [None]

    def on_start(cell, cell_index):
        started[cell_index] = time.perf_counter()
        client.last_progress = time.perf_counter()
        last_started[0] = cell_index
        emit(event="cell-start", index=code_cells.index(cell_index) if cell_index in code_cells else cell_index)

    def on_done(cell, cell_index, execute_reply):
        emit(event="cell", index=code_cells.index(cell_index), seconds=time.perf_counter() - started.get(cell_index, time.perf_counter()))

    client.on_cell_start = on_start
    client.on_cell_executed = on_done
    failed = None
    try:
        client.execute()
    except CellExecutionError as error:
        failed = error
    finally:
        failing_hidden = next((i for i, cell in enumerate(nb.cells[own_count:]) if any(o.get("output_type") == "error" for o in cell.get("outputs", []))), None)
        if failed is None or failing_hidden is None:
            harvest(nb, own_count, hidden)
        nbformat.write(nb, args.output)
        sign(nb)
    if failed is not None:
        ename, evalue = getattr(failed, "ename", "Error"), getattr(failed, "evalue", "") or ""
        failing = next((i for i, cell in enumerate(nb.cells)
                        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", []))),
                       last_started[0])  # tslab reports some errors on stderr only: then it is the cell that ran last
        index = code_cells.index(failing) if failing in code_cells else None
        source = nb.cells[failing].source if failing is not None else ""
        if not evalue.strip() and failing is not None:
            stderr = [o.get("text", "") for o in nb.cells[failing].get("outputs", []) if o.get("name") == "stderr"]
            evalue = "".join(stderr)[-2000:]
        evalue = evalue or str(failed)
        emit(event="error", index=index, ename=ename, evalue=str(evalue)[:4000], source=source[:2000])
    if args.html:
        export_html(nb, args.html)
    emit(event="done", ok=failed is None)
    sys.exit(1 if failed is not None else 0)


if __name__ == "__main__":
    main()
