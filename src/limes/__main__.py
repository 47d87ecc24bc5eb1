"""``python -m limes`` is the ``limes`` command."""

from limes.app.cli import run

run()
