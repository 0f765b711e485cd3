#!/usr/bin/env bash
# Installs schemathesis (the API fuzzer test/fuzz.e2e.ts runs against /api/openapi.json) from PyPI
# into a virtual environment, once: cached in $SCHEMATHESIS_CACHE_DIR (default
# ~/.cache/amphi/schemathesis-<version>). Needs Python >= 3.9 with the venv module.
# Progress goes to stderr; the binary's path is the last line of stdout.
set -euo pipefail
# Pinned: a new schemathesis release may generate other cases or add checks, which would make CI
# change on its own. Move it on purpose.
VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
CACHE="${SCHEMATHESIS_CACHE_DIR:-$HOME/.cache/amphi}"
VENV="$CACHE/schemathesis-$VERSION"
BIN="$VENV/bin/st"
if [[ -x "$BIN" ]] && "$BIN" --version >/dev/null 2>&1; then echo "$BIN"; exit 0; fi
PYTHON="${PYTHON:-$(command -v python3 || true)}"
[[ -n "$PYTHON" ]] || { echo "Python 3 is needed to install schemathesis (apt-get install python3 python3-venv)" >&2; exit 1; }
mkdir -p "$CACHE"
# Built beside the final folder and moved into place, so an interrupted install is never taken for a good one.
rm -rf "$VENV.tmp"
"$PYTHON" -m venv "$VENV.tmp" >&2 || { echo "python3 -m venv failed (apt-get install python3-venv)" >&2; exit 1; }
echo "Installing schemathesis $VERSION…" >&2
"$VENV.tmp/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
rm -rf "$VENV"
mv "$VENV.tmp" "$VENV"
# A venv's scripts name their interpreter by absolute path: rewrite the moved folder's shebangs.
sed -i "1s|^#!.*$VENV.tmp/bin/|#!$VENV/bin/|" "$VENV"/bin/* 2>/dev/null || true
"$BIN" --version >&2
echo "$BIN"
