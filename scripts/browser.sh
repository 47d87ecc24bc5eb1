#!/usr/bin/env bash
# Debian's chromium for the Playwright browser tests (never a browser download).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
[ "$(id -u)" = 0 ] || { echo "[browser] error: chromium is missing; run: sudo apt-get install chromium" >&2; exit 1; }
echo "[browser] installing Debian's chromium with apt-get"
DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "[browser] error: chromium did not install" >&2; exit 1; }
