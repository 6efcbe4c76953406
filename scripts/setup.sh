#!/usr/bin/env bash
# npm run setup [-- --bench] : installs what mnist-prep needs, idempotently; each step says what it
# does and how long it took.
#   1. .venv/, the project's own Python environment, from the hash-locked requirements/jupyter.lock:
#      JupyterLab, Notebook 7, nbclient, nbconvert, numpy, scipy and plotly's Lab renderer.
#      MNIST_JUPYTER=/path/to/bin/jupyter uses a Jupyter you already have instead.
#   2. Chromium and CJK fonts for the rendering tests (Debian/Ubuntu packages, as root).
#   3. npm dependencies (npm ci; @tensorflow/tfjs-node's files without its install script), then
#      the native backend: tfjs-node's binding built against PyPI's libtensorflow
#      (scripts/setup/setup-native.mjs; MNIST_NATIVE=0 skips it and the wasm backend runs).
#   4. the tslab kernelspec, registered with absolute paths (no PATH changes needed).
# --bench also installs the Python peers of `npm run bench` and the fixture scripts: tensorflow-cpu and
# tf-keras into .venv (requirements/tensorflow.lock), torch and torchvision from Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

want_bench=0
for arg in "$@"; do
  case "$arg" in
    --bench) want_bench=1 ;;
    *) echo "setup: unknown option $arg (expected --bench)" >&2; exit 2 ;;
  esac
done

# step "what it does" command… : runs the command and says how long it took.
step() {
  local what="$1" started=$SECONDS
  shift
  echo "setup: $what"
  "$@"
  echo "setup: $what — done in $((SECONDS - started)) s"
}

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -q >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# A Python ≥ 3.11 that can create virtual environments: $MNIST_PYTHON, python3, or Debian's.
find_python() {
  local candidate
  for candidate in "${MNIST_PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 || continue
    "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { command -v "$candidate"; return; }
  done
  return 1
}

make_venv() {
  local python
  if ! python=$(find_python); then
    if can_apt; then
      echo "setup: no Python ≥ 3.11 with venv and pip found; installing Debian's python3-venv"
      apt_install python3-venv python3-pip
      python=$(find_python) || { echo "setup: expected Python ≥ 3.11 after installing python3-venv, found $(/usr/bin/python3 --version 2>&1)" >&2; exit 1; }
    else
      echo "setup: expected Python ≥ 3.11 with the venv module and pip, found none." >&2
      echo "  Debian/Ubuntu: sudo apt-get install python3-venv python3-pip; elsewhere: python.org, pyenv or conda." >&2
      echo "  Or point MNIST_PYTHON at one, or MNIST_JUPYTER at the jupyter of an existing JupyterLab; then run npm run setup again." >&2
      exit 1
    fi
  fi
  local locks=(requirements/jupyter.lock)
  [ "$want_bench" = 1 ] && locks+=(requirements/tensorflow.lock)
  local stamp=.venv/.installed-locks wanted
  wanted=$(cat "${locks[@]}" | sha256sum | cut -c1-64)
  if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
    echo "setup: .venv is up to date with ${locks[*]}"
    return
  fi
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  local lock
  for lock in "${locks[@]}"; do
    echo "setup: pip install --require-hashes -r $lock"
    .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
  done
  echo "$wanted" > "$stamp"
  echo "setup: $(.venv/bin/jupyter lab --version | sed 's/^/JupyterLab /') in .venv ($(.venv/bin/python --version))"
}

check_own_jupyter() {
  [ -x "$MNIST_JUPYTER" ] || { echo "setup: MNIST_JUPYTER=$MNIST_JUPYTER: expected an executable jupyter command, found none" >&2; exit 1; }
  local missing
  missing=$("$MNIST_JUPYTER" --version 2>/dev/null | grep -E '^(jupyterlab|nbclient|nbconvert) *:' | grep -c 'not installed' || true)
  if ! "$MNIST_JUPYTER" lab --version >/dev/null 2>&1 || [ "$missing" != 0 ]; then
    echo "setup: MNIST_JUPYTER=$MNIST_JUPYTER: expected JupyterLab with nbclient and nbconvert; install them there (pip install jupyterlab nbclient nbconvert plotly)" >&2
    exit 1
  fi
  echo "setup: using your Jupyter at $MNIST_JUPYTER (JupyterLab $("$MNIST_JUPYTER" lab --version))"
  [ "$want_bench" = 0 ] || make_venv
}

install_browser() {
  if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
    echo "setup: Chromium found at ${CHROMIUM_PATH:-$(command -v chromium)}"
  elif can_apt; then
    apt_install chromium fonts-noto-cjk
  else
    echo "setup: Chromium not found; the rendering tests of npm test need it (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)." >&2
  fi
  # The 中文 notebooks' charts and screenshots need a CJK font, or Chromium draws boxes.
  if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; then
    :
  elif can_apt; then
    apt_install fonts-noto-cjk
  else
    echo "setup: no Chinese font found (fc-list :lang=zh); the 中文 notebooks' charts would show boxes (apt-get install fonts-noto-cjk)." >&2
  fi
  # The exercises' hints open with 💡: without an emoji font Chromium draws a box in the screenshots.
  if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :charset=1f4a1 2>/dev/null)" ]; then
    :
  elif can_apt; then
    apt_install fonts-noto-color-emoji
  else
    echo "setup: no emoji font found (fc-list :charset=1f4a1); hints would show a box (apt-get install fonts-noto-color-emoji)." >&2
  fi
}

install_compiler() {
  if command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1; then
    echo "setup: g++ and make found"
  elif can_apt; then
    apt_install g++ make
  else
    echo "setup: g++ or make missing; the native backend needs them (the wasm backend is used without)" >&2
  fi
}

install_bench_peers() {
  if /usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1; then
    echo "setup: torch and torchvision found for /usr/bin/python3"
  elif can_apt; then
    apt_install python3-torch python3-torchvision python3-numpy python3-scipy
  else
    echo "setup: the PyTorch peers of npm run bench need python3-torch and python3-torchvision (Debian/Ubuntu), skipped" >&2
  fi
}

if [ -n "${MNIST_JUPYTER:-}" ]; then
  step "checking the Jupyter in MNIST_JUPYTER" check_own_jupyter
else
  step "the project's Python environment (.venv)" make_venv
fi
step "Chromium for the rendering tests" install_browser
[ "$want_bench" = 0 ] || step "PyTorch peers for npm run bench (Debian packages)" install_bench_peers
step "npm dependencies (npm ci)" npm ci --no-audit --no-fund
if [ "${MNIST_NATIVE:-1}" != 0 ]; then
  step "a C++ compiler for the native binding" install_compiler
  step "the native backend (tfjs-node's binding built against PyPI's libtensorflow)" node scripts/setup/setup-native.mjs
fi
step "registering the tslab kernel" node scripts/setup/register-kernel.mjs

echo "setup: done. Next: npm test, npm start, npm run reproduce"
