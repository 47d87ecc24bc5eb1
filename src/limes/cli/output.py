"""How the CLI talks to people: Rich on a terminal, one clear line for an error."""

from __future__ import annotations

from rich.console import Console

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def fail_line(message: str) -> None:
    """Print one error line (no traceback) to standard error."""
    errors.print(f"[bold red]error:[/] {message}", soft_wrap=True)
