#!/usr/bin/env bash
# Builds livekit-server from its Go module into a cache and reuses it: no npm or Debian
# package ships the server, and no prebuilt binary may be downloaded. Prints the binary's path.
set -euo pipefail

VERSION="${LIVEKIT_SERVER_VERSION:-v1.13.5}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${LIVEKIT_CACHE_DIR:-$ROOT/.cache/livekit/$VERSION}"
BINARY="$CACHE/livekit-server"

if [ -x "$BINARY" ]; then
  echo "$BINARY"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin /usr/lib/go/bin; do
    [ -x "$candidate/go" ] && PATH="$candidate:$PATH"
  done
fi
command -v go >/dev/null 2>&1 || { echo "Go is needed to build livekit-server (go install)." >&2; exit 1; }

mkdir -p "$CACHE"
echo "Building livekit-server $VERSION with go install (several minutes on two cores)..." >&2
GOBIN="$CACHE" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
mv "$CACHE/server" "$BINARY"
echo "$BINARY"
