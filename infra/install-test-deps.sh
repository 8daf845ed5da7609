#!/usr/bin/env bash
# Installs the system packages the test suite needs, once: Debian's Chromium for the
# end-to-end tests (never a browser downloaded by a test tool). Safe to run repeatedly.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

echo "Installing Debian chromium for the end-to-end tests..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-noto-core >/dev/null
/usr/bin/chromium --version
