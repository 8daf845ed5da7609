#!/usr/bin/env bash
# Installs what the test suite needs, once: Debian's Chromium for the end-to-end tests and
# the archive's PDF (never a browser downloaded by a test tool), poppler-utils (pdftotext,
# pdfinfo) to read that PDF back, Debian's ffmpeg to decode the recorded floor's audio (and make
# the archive's MP3 copies), Noto fonts for Arabic, Russian and Chinese (Noto CJK: without it
# Chromium draws Chinese as empty boxes in screenshots and PDFs), Debian's redis-server for the
# tests of several nodes sharing their broadcasts (test/support/redis.ts starts it), Debian's
# PostgreSQL for the log store tests (test/support/postgres.ts starts its own server from
# /usr/lib/postgresql/*/bin unless DATABASE_URL is set), livekit-server built from its Go module
# for the remote-participation tests and the floor recorder built from server/recorder/go. Safe
# to run repeatedly: each is reused when present.
set -euo pipefail

bash "$(dirname "$0")/livekit/install.sh" >/dev/null
bash "$(dirname "$0")/recorder/install.sh" >/dev/null

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/pdftotext ] && [ -x /usr/bin/pdfinfo ] && [ -x /usr/bin/ffmpeg ] && [ -x /usr/bin/redis-server ] &&
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 &&
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

echo "Installing Debian chromium, poppler-utils, ffmpeg, Noto fonts (CJK included), redis-server and postgresql for the end-to-end, archive, cluster and log store tests..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-noto-core fonts-noto-cjk poppler-utils ffmpeg redis-server postgresql >/dev/null
/usr/bin/chromium --version
