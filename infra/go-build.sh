#!/usr/bin/env bash
# Builds a Go program of this repository (usage: go-build.sh SOURCE_DIR NAME) into a cache and
# reuses it: the cache is keyed by the hash of its sources, so a change to them builds anew and
# an unchanged tree never rebuilds. No prebuilt binary is downloaded: the modules come through
# the Go module proxy and are checked against go.sum. Prints the binary's path.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SOURCE="$ROOT/$1"
NAME="$2"
KEY="$(cd "$SOURCE" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-16)"
CACHE="$ROOT/.cache/$NAME/$KEY"
BINARY="$CACHE/$NAME"

WHAT="$NAME (go build)"
. "$ROOT/infra/go-env.sh"

mkdir -p "$CACHE"
echo "Building $NAME with go build (a few minutes on two cores the first time)..." >&2
# Built into a name of this build's own and moved, so an interrupted build never leaves a broken
# binary and two builds at once do not write one file.
PARTIAL="$BINARY.partial.$$"
trap 'rm -f "$PARTIAL"' EXIT
(cd "$SOURCE" && CGO_ENABLED=0 go build -trimpath -o "$PARTIAL" .) >&2
mv "$PARTIAL" "$BINARY"
echo "$BINARY"
