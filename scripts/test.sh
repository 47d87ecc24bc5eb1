#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, servers, lint, types, tests.
# Extra arguments go to pytest (e.g. scripts/test.sh -k chainage).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh
bash scripts/browser.sh
echo "[test] ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "[test] mypy --strict"; .venv/bin/mypy
echo "[test] pytest"; .venv/bin/pytest "$@"
