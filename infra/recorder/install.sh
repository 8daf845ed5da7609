#!/usr/bin/env bash
# Builds the floor recorder (server/recorder/go: LiveKit's Go server SDK and pion's oggwriter)
# into .cache/openfloor-recorder/<hash of its sources>/ once, and prints its path.
exec bash "$(dirname "$0")/../go-build.sh" server/recorder/go openfloor-recorder
