# Sourced by the scripts that build Go programs from source (livekit-server, and go-build.sh for
# the floor recorder and the webcast benchmark's load generator): prints the binary and exits
# when it is already built, else finds Go or explains.
# Expects BINARY and WHAT (what is being built, for the message).
if [ -x "$BINARY" ]; then
  echo "$BINARY"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin /usr/lib/go/bin; do
    [ -x "$candidate/go" ] && PATH="$candidate:$PATH"
  done
fi
command -v go >/dev/null 2>&1 || { echo "Go is needed to build $WHAT." >&2; exit 1; }
