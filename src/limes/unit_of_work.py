"""The unit-of-work port every context's use cases take.

A use case opens it with ``with uow:``, works through its repositories, and calls
``commit()``; leaving the block without committing rolls everything back. Each context
declares the repositories it needs in its own ``ports.py`` as a sub-protocol of this one,
with read-only properties; each context's store adapter
(``limes.adapters.store.<context>``) satisfies its own.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self


class UnitOfWork(Protocol):
    """A transaction: rolled back on leaving the block unless ``commit()`` was called."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None:
        """Make the work done so far durable."""
        ...
