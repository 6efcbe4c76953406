#!/usr/bin/env bash
# Regenerates requirements/*.lock (pinned, hash-checked) from requirements/*.in with pip-tools.
# Run after editing a .in file; setup installs only from the locks.
set -euo pipefail
cd "$(dirname "$0")/../requirements"
tools="${TMPDIR:-/tmp}/mnist-prep-pip-tools"
[ -x "$tools/bin/pip-compile" ] || { python3 -m venv "$tools" && "$tools/bin/pip" install -q pip-tools; }
for name in jupyter tensorflow; do
  "$tools/bin/pip-compile" -q --generate-hashes --allow-unsafe --strip-extras -o "$name.lock" "$name.in"
done
