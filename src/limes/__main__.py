"""``python -m limes`` is the ``limes`` command."""

from limes.cli.main import run

run()
