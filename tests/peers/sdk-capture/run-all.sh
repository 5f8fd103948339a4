#!/usr/bin/env bash
# Start the loopback capture server, run the three clients against it, stop the server.
# `cargo xtask peers` runs this with the pinned tools on PATH and compares what was captured
# with tests/fixtures/peers/. Environment:
#   OUT_DIR  where captures go (<client>/<intent>.json)      default: ./out
#   LOG_DIR  where logs go                                    default: ./logs
#   VENV     the Python venv holding clients/litellm/requirements.txt (default: clients/litellm/.venv)
# Exit status: non-zero if any client failed.
set -uo pipefail
cd "$(dirname "$0")"
export OUT_DIR="${OUT_DIR:-$PWD/out}"
LOG_DIR="${LOG_DIR:-$PWD/logs}"
mkdir -p "$LOG_DIR" "$OUT_DIR"
URL_FILE="$(mktemp)"
CAPTURE_URL_FILE="$URL_FILE" CAPTURE_LOG="$LOG_DIR/capture-log.jsonl" CAPTURE_MAX_SECONDS=600 \
  node server/capture-server.mjs > "$LOG_DIR/capture-server.out" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; rm -f "$URL_FILE"' EXIT
for _ in $(seq 1 100); do [ -s "$URL_FILE" ] && break; sleep 0.1; done
[ -s "$URL_FILE" ] || { echo "capture server did not start"; cat "$LOG_DIR/capture-server.out"; exit 1; }
export CAPTURE_URL="$(cat "$URL_FILE")"
echo "    capture server at $CAPTURE_URL"
status=0
for c in ai-sdk-alibaba qwen-ai-provider-v5 litellm; do
  rm -rf "${OUT_DIR:?}/$c"
  if "clients/$c/run.sh" > "$LOG_DIR/run-$c.log" 2>&1; then
    echo "    $(tail -n 1 "$LOG_DIR/run-$c.log")"
  else
    status=1
    echo "    $c FAILED:"; tail -n 30 "$LOG_DIR/run-$c.log"
  fi
done
exit $status
