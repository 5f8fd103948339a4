#!/usr/bin/env bash
# CAPTURE_URL=http://127.0.0.1:PORT clients/litellm/run.sh
# Uses $VENV (a venv with requirements.txt installed; `cargo xtask peers` makes one in
# target/peers-capture-venv), or creates .venv here on first use.
set -euo pipefail
cd "$(dirname "$0")"
: "${CAPTURE_URL:?set CAPTURE_URL to the capture server origin, e.g. http://127.0.0.1:PORT}"
VENV="${VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt
fi
export LITELLM_LOCAL_MODEL_COST_MAP=True
exec timeout "${RUN_TIMEOUT_S:-300}" "$VENV/bin/python" capture.py
