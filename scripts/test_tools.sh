#!/usr/bin/env bash
# The Debian packages the test suite needs beyond Python: chromium for the Playwright browser
# tests (never a browser download) and faketime, which runs the end-to-end tests again with
# the clock moved a year ahead. Installed with apt-get when missing.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/faketime ] || missing+=(faketime)
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" = 0 ] || { echo "[tools] error: ${missing[*]} missing; run: sudo apt-get install ${missing[*]}" >&2; exit 1; }
echo "[tools] installing ${missing[*]} with apt-get"
DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
for tool in chromium faketime; do
  [ -x "/usr/bin/$tool" ] || { echo "[tools] error: $tool did not install" >&2; exit 1; }
done
