#!/usr/bin/env bash
# Installs the S3-compatible server the storage tests run against: MinIO, built from the Go module
# proxy once; the binary is cached in $S3_TEST_SERVER_CACHE_DIR (default ~/.cache/amphi) as
# minio-<version>, so later runs are instant. Idempotent; concurrent runs each build, and the
# final rename is atomic. Needs Go (>= 1.21, which fetches the toolchain MinIO's go.mod asks for).
# Progress and errors go to stderr; the binary's path is the last line of stdout.
set -euo pipefail
# MinIO tags its releases RELEASE.<date>, not semver, so the module proxy serves commits as
# pseudo-versions: this is the commit of 2026-02-12 (github.com/minio/minio 7aac2a2c5b7c).
VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
CACHE="${S3_TEST_SERVER_CACHE_DIR:-$HOME/.cache/amphi}"
BIN="$CACHE/minio-$VERSION"
if [[ -x "$BIN" ]]; then echo "$BIN"; exit 0; fi
command -v go >/dev/null || { echo "Go is needed to build MinIO, the S3-compatible server of the storage tests (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p "$CACHE"
WORK="$(mktemp -d "$CACHE/.minio-build.XXXXXX")" # in the cache folder, so the final mv is an atomic rename
trap 'rm -rf "$WORK"' EXIT
echo "Building MinIO $VERSION for the storage tests (about 3 minutes the first time)…" >&2
# Outside any module (cd), a static binary (no C compiler needed), as MinIO's own release builds.
cd "$WORK"
GOBIN="$WORK" GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" CGO_ENABLED=0 \
  go install -trimpath -ldflags='-s -w' "github.com/minio/minio@$VERSION" >&2
mv "$WORK/minio" "$BIN"
echo "$BIN"
