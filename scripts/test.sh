#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, servers, lint, types, tests; then the
# end-to-end tests once more with the clock moved 400 days ahead (Debian's faketime), so
# that nothing depends on today's date.
# Extra arguments go to the first pytest run (e.g. scripts/test.sh -k chainage).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh
bash scripts/test_tools.sh
echo "[test] ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "[test] mypy --strict"; .venv/bin/mypy
echo "[test] import-linter (the architecture's contracts, pyproject.toml)"; .venv/bin/lint-imports --no-logo
echo "[test] pytest"; .venv/bin/pytest "$@"
# Plain faketime: its FAKETIME_DONT_FAKE_MONOTONIC=1 would make Python's time.sleep fail.
echo "[test] pytest tests/e2e, 400 days from now ($(faketime -f '+400d' date -u +%F))"
faketime -f '+400d' .venv/bin/pytest -p no:cacheprovider tests/e2e
