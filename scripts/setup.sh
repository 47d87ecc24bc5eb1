#!/usr/bin/env bash
# Set up limes on a fresh Debian machine, idempotently, from locked dependencies:
#   - uv (pinned) in .tools/, then the project's Python environment in .venv/ from uv.lock;
#   - the dashboard's web assets (Leaflet) from the npm registry via package-lock.json,
#     copied into the package so the node serves them itself (no CDN at run time).
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null || die "python3 is missing: install Python 3.11 or newer (apt-get install python3 python3-venv)"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "Python 3.11 or newer is needed; python3 is $(python3 --version)"

if [ ! -x .tools/bin/uv ] || ! .tools/bin/uv --version | grep -q "$UV_VERSION"; then
  say "installing uv $UV_VERSION into .tools/"
  python3 -m venv .tools || die "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"
  .tools/bin/pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi

say "Python environment from uv.lock"
# --inexact keeps packages a developer added by hand; a fresh clone has none.
UV_PYTHON_DOWNLOADS=never .tools/bin/uv sync --frozen --inexact --quiet \
  || die "uv could not build .venv from uv.lock (see above)"

vendor=src/limes/web/static/vendor
if [ ! -f "$vendor/leaflet/leaflet.js" ] || [ package-lock.json -nt "$vendor/leaflet/leaflet.js" ]; then
  command -v npm >/dev/null || die "npm is missing: install Node.js and npm (apt-get install nodejs npm)"
  say "web assets from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  mkdir -p "$vendor/leaflet"
  cp -R node_modules/leaflet/dist/. "$vendor/leaflet/"
fi
say "ready: .venv/bin/limes --help"
