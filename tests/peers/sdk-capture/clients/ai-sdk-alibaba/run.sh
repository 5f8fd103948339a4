#!/usr/bin/env bash
# CAPTURE_URL=http://127.0.0.1:PORT clients/<this-dir>/run.sh
# Needs Node >= 22 on PATH and `npm ci` done here (`cargo xtask peers` does both).
set -euo pipefail
cd "$(dirname "$0")"
: "${CAPTURE_URL:?set CAPTURE_URL to the capture server origin, e.g. http://127.0.0.1:PORT}"
export AI_SDK_LOG_WARNINGS="${AI_SDK_LOG_WARNINGS:-false}"
exec timeout "${RUN_TIMEOUT_S:-300}" node --no-deprecation capture.mjs
