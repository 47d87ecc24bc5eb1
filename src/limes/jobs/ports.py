"""What runs jobs, as the entry points see it (``limes.adapters.thread_jobs`` runs them)."""

from __future__ import annotations

from typing import Protocol

from limes.access.api import User
from limes.jobs.model import Job, Work


class JobRunner(Protocol):
    """Starts, reads and cancels jobs; a job is its owner's (and any administrator's)."""

    def start(self, kind: str, owner: User, work: Work) -> Job:
        """Start ``work`` as a job of ``kind`` owned by ``owner``; the job, running. Raises
        :class:`~limes.jobs.errors.JobsBusy` when the runner runs as many as it may."""
        ...

    def get(self, job_id: str, reader: User) -> Job:
        """The job as it stands. Raises :class:`~limes.jobs.errors.JobNotFound` when there
        is none of that id or ``reader`` neither started it nor is an administrator."""
        ...

    def cancel(self, job_id: str, reader: User) -> Job:
        """Ask the job to stop at its next checkpoint (it ends ``cancelled``); a finished
        job is left as it is. Raises ``JobNotFound`` as :meth:`get` does."""
        ...

    def wait(self, job_id: str, timeout_s: float) -> Job:
        """The job once it has finished, or as it stands after ``timeout_s``."""
        ...

    def close(self, timeout_s: float = 5.0) -> None:
        """Cancel every running job and wait up to ``timeout_s`` for them to stop."""
        ...
