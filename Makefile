# The two commands of the README, and a few helpers.
.PHONY: demo test setup lint

demo:  ## set up, then run a demo node for Iraq on SQLite with the Iraq–Syria scenario
	bash scripts/setup.sh
	.venv/bin/limes demo

test:  ## set up, start the servers the tests need, then lint, type-check and run every test
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy && .venv/bin/lint-imports --no-logo
