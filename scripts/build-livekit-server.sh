#!/usr/bin/env bash
# Builds livekit-server (the media server the live-room tests talk to) from the Go module proxy,
# once: the binary is cached in $LIVEKIT_CACHE_DIR (default ~/.cache/amphi/livekit-server-<version>).
# `go install …@version` refuses the module because its go.mod has replace directives, so a tiny
# wrapper module requires it, copies those replace lines, and builds its cmd/server.
# Prints the binary's path on the last line.
set -euo pipefail
# v1.13.5: the newest release whose dependencies the Go module proxy serves (v1.13.6+ replace pion
# modules with livekit forks that proxy.golang.org answers "not available" for).
VERSION="${LIVEKIT_SERVER_VERSION:-v1.13.5}"
CACHE="${LIVEKIT_CACHE_DIR:-$HOME/.cache/amphi}"
BIN="$CACHE/livekit-server-$VERSION"
if [[ -x "$BIN" ]]; then echo "$BIN"; exit 0; fi
command -v go >/dev/null || { echo "Go is needed to build livekit-server (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p "$CACHE"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
curl -fsS "https://proxy.golang.org/github.com/livekit/livekit-server/@v/$VERSION.mod" -o upstream.mod
{
  echo "module amphi.local/livekit-build"
  grep -m1 '^go ' upstream.mod
  echo "require github.com/livekit/livekit-server $VERSION"
  grep '^replace ' upstream.mod || true
} > go.mod
echo 'package tools' > tools.go
echo "Building livekit-server $VERSION (a few minutes the first time)…" >&2
go mod download github.com/livekit/livekit-server >&2
go get "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
go build -trimpath -ldflags='-s -w' -o "$BIN.tmp" github.com/livekit/livekit-server/cmd/server >&2
mv "$BIN.tmp" "$BIN"
echo "$BIN"
