#!/usr/bin/env bash
# Installs Debian's Chromium for the report's browser test (test/report/), if missing.
# playwright-core drives it through executablePath; no browser build is downloaded.
# Waits for a dpkg lock another install holds. Needs root (or passwordless sudo) and Debian's package archive; exits 0 if Chromium
# is already there, non-zero if it cannot be installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "install-browser: not root and no passwordless sudo: cannot install chromium" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then echo "install-browser: no apt-get: install Chromium at /usr/bin/chromium by hand" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium fonts-dejavu-core
test -x /usr/bin/chromium
