#!/usr/bin/env bash
# Builds livekit-server from its Go module into a cache and reuses it: no npm or Debian
# package ships the server, and no prebuilt binary may be downloaded. Prints the binary's path.
set -euo pipefail

VERSION="${LIVEKIT_SERVER_VERSION:-v1.13.5}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${LIVEKIT_CACHE_DIR:-$ROOT/.cache/livekit/$VERSION}"
BINARY="$CACHE/livekit-server"

WHAT="livekit-server (go install)"
. "$ROOT/infra/go-env.sh"

mkdir -p "$CACHE"
echo "Building livekit-server $VERSION with go install (several minutes on two cores)..." >&2
# Each build installs into a folder of its own and then renames: two builds at once (a test and
# npm start, say) both end with a whole binary instead of one losing the other's file.
BUILD="$(mktemp -d "$CACHE/build.XXXXXX")"
trap 'rm -rf "$BUILD"' EXIT
GOBIN="$BUILD" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2
mv "$BUILD/server" "$BINARY"
echo "$BINARY"
