#!/usr/bin/env bash
# npm start [-- jupyter options] : JupyterLab from the project's .venv (or MNIST_JUPYTER) on notebooks/.
# Jupyter refuses to run as root without --allow-root; root is the normal user in containers, so
# it is added there (and said). Pass e.g. `-- --ip=0.0.0.0 --no-browser` to reach Lab from outside a container.
set -euo pipefail
cd "$(dirname "$0")/.."
jupyter="${MNIST_JUPYTER:-$PWD/.venv/bin/jupyter}"
if [ ! -x "$jupyter" ]; then
  echo "start: expected JupyterLab at $jupyter, found nothing — run npm run setup (or set MNIST_JUPYTER, see environment.md)." >&2
  exit 1
fi
node scripts/setup/register-kernel.mjs >/dev/null
extra=()
if [ "$(id -u)" = 0 ]; then
  echo "start: running as root (as in containers), so JupyterLab gets --allow-root"
  extra+=(--allow-root)
fi
exec "$jupyter" lab --notebook-dir=notebooks "${extra[@]}" "$@"
