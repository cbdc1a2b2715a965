#!/usr/bin/env bash
# npm run test:tf — verification in real TensorFlow (Python is used here only, never by the product).
# Creates .venv if missing, installs tensorflow-cpu if it is not importable, then runs every
# test/tf/prepare*.ts (JS side: fixture, export, tfjs reference outputs into $WORK) and every
# test/tf/check_*.py (TF side: loads the SavedModel and compares). Each engineer adds their own pair.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.venv
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
if ! "$VENV/bin/python" -c "import tensorflow" >/dev/null 2>&1; then
  # The default index is unreachable here; without PIP_RETRIES=0 pip backs off for minutes before using the local mirror.
  PIP_RETRIES="${PIP_RETRIES:-0}" "$VENV/bin/pip" install -q tensorflow-cpu
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/test-tf.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export TF_CPP_MIN_LOG_LEVEL=2
for prepare in test/tf/prepare*.ts; do
  echo "== $prepare"
  npx tsx "$prepare" "$WORK"
done
for check in test/tf/check_*.py; do
  echo "== $check"
  "$VENV/bin/python" "$check" "$WORK"
done
echo "test:tf passed"
