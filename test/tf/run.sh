#!/usr/bin/env bash
# npm run test:tf — verification in real TensorFlow (Python is used here only, never by the product).
# The export is proven in the TF of every serving image the shipped stacks deploy (test/tf/deployed-tf-versions.ts
# reads prediction.tfVersion from each Pulumi.<stack>.yaml, e.g. 2.15) and in the newest tensorflow-cpu, each in
# its own venv (.venv/tf-2.15, .venv/tf-latest), created and installed once and reused while importable.
# Runs every test/tf/prepare*.ts once (JS side: fixture, export, tfjs reference outputs into $WORK), then every
# test/tf/check_*.py in each venv (TF side: loads the SavedModel through both loaders and compares).
set -euo pipefail
cd "$(dirname "$0")/../.."
export TF_CPP_MIN_LOG_LEVEL=2
# The default index is unreachable on some machines; without PIP_RETRIES=0 pip backs off for minutes before using
# the local mirror.
export PIP_RETRIES="${PIP_RETRIES:-0}"

ensure_venv() { # DIR REQUIREMENT PYTHON
  local dir="$1" requirement="$2" python="$3"
  if [ ! -x "$dir/bin/python" ]; then "$python" -m venv "$dir"; fi
  if ! "$dir/bin/python" -c "import tensorflow" >/dev/null 2>&1; then
    echo "installing $requirement into $dir ($("$dir/bin/python" --version))"
    "$dir/bin/pip" install -q "$requirement" || {
      echo "test:tf: pip could not install $requirement for $("$dir/bin/python" --version); older tensorflow-cpu releases have wheels only for the Pythons of their time (2.15: CPython 3.9-3.11); install one, remove $dir and run again" >&2
      exit 1
    }
  fi
}
# Older TF releases have no wheels for newer Pythons: prefer 3.11 for the deployed version when it is installed.
OLD_TF_PYTHON="$(command -v python3.11 || command -v python3)"

DEPLOYED_LINES="$(npx tsx test/tf/deployed-tf-versions.ts)"
mapfile -t DEPLOYED <<<"$DEPLOYED_LINES"
VENVS=()
for version in "${DEPLOYED[@]}"; do
  ensure_venv ".venv/tf-$version" "tensorflow-cpu==$version.*" "$OLD_TF_PYTHON"
  VENVS+=(".venv/tf-$version")
done
# The newest at the venv's creation; delete .venv/tf-latest to move to a newer release.
ensure_venv .venv/tf-latest tensorflow-cpu python3
VENVS+=(.venv/tf-latest)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/test-tf.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
for prepare in test/tf/prepare*.ts; do
  echo "== $prepare"
  npx tsx "$prepare" "$WORK"
done
for venv in "${VENVS[@]}"; do
  echo "==== $venv (deployed: ${DEPLOYED[*]})"
  "$venv/bin/python" test/tf/run_checks.py "$WORK"
done
installed() { "$1/bin/python" -c 'import importlib.metadata as m; print(m.version("tensorflow-cpu"))'; }
echo "test:tf passed in tensorflow-cpu $(for v in "${VENVS[@]}"; do printf '%s ' "$(installed "$v")"; done)(deployed: ${DEPLOYED[*]})"
