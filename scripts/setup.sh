#!/usr/bin/env bash
# npm run setup [-- --bench] : installs what mnist-prep needs, idempotently.
#   1. Jupyter (notebook + nbconvert + nbclient) when missing, and Chromium for the rendered-HTML
#      check: Debian/Ubuntu packages as root; otherwise it prints how to install them yourself.
#   2. npm dependencies (npm ci; @tensorflow/tfjs-node's files without its install script), then
#      the native backend: tfjs-node's binding built against PyPI's libtensorflow
#      (scripts/setup-native.mjs; MNIST_NATIVE=0 skips it and the wasm backend runs).
#   3. the tslab kernelspec, registered with absolute paths (no PATH changes needed).
# --bench also installs the Python peers for `npm run bench` (numpy, scipy, torch, torchvision).
set -euo pipefail
cd "$(dirname "$0")/.."

want_bench=0
for arg in "$@"; do
  case "$arg" in
    --bench) want_bench=1 ;;
    *) echo "setup: unknown option $arg (expected --bench)" >&2; exit 2 ;;
  esac
done

required=(); optional=()
have_jupyter() { command -v jupyter-nbconvert >/dev/null 2>&1 && { command -v jupyter-notebook >/dev/null 2>&1 || command -v jupyter-lab >/dev/null 2>&1; }; }
have_jupyter || required+=(jupyter-notebook jupyter-nbconvert python3-nbconvert python3-nbclient jupyter-client)
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || optional+=(chromium fonts-noto-cjk)
if [ "$want_bench" = 1 ] && ! /usr/bin/python3 -c "import numpy, scipy, torch, torchvision" >/dev/null 2>&1; then
  required+=(python3-numpy python3-scipy python3-torch python3-torchvision)
fi

packages=("${required[@]}" "${optional[@]}")
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${packages[@]}"
  else
    if [ ${#optional[@]} -gt 0 ]; then
      echo "setup: Chromium not found; npm test will skip the rendered-HTML check (install chromium or set CHROMIUM_PATH)." >&2
    fi
    if [ ${#required[@]} -gt 0 ]; then
      echo "setup: missing: ${required[*]}" >&2
      echo "  Debian/Ubuntu: sudo apt-get install ${required[*]}" >&2
      echo "  elsewhere:     pip install jupyterlab   (for --bench also: pip install numpy scipy torch torchvision)" >&2
      echo "  then run npm run setup again." >&2
      exit 1
    fi
  fi
fi

echo "setup: installing npm dependencies (npm ci)"
npm ci --no-audit --no-fund

node scripts/setup-native.mjs

echo "setup: registering the tslab kernel"
node scripts/register-kernel.mjs

echo "setup: done. Next: npm test, npm start, npm run reproduce"
