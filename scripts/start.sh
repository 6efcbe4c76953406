#!/usr/bin/env bash
# npm start: JupyterLab when installed, else the classic notebook, on notebooks/.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/register-kernel.mjs >/dev/null
if command -v jupyter-lab >/dev/null 2>&1; then exec jupyter lab --notebook-dir=notebooks "$@"; fi
if command -v jupyter-notebook >/dev/null 2>&1; then exec jupyter notebook --notebook-dir=notebooks "$@"; fi
echo "start: no JupyterLab or notebook found — run npm run setup (or pip install jupyterlab)." >&2
exit 1
