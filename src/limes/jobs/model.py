"""A job as its reader sees it, and the one thing its work may call. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class JobStatus(StrEnum):
    """Where a job is. Stable lowercase values: they are sent."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self is not JobStatus.RUNNING


class Progress(Protocol):
    """What a job's work is handed. It calls it now and then with how much is done."""

    def __call__(self, done: float) -> None:
        """Record ``done`` (0 to 1) as the job's progress. Raises
        :class:`~limes.jobs.errors.JobStopped` when the job must stop (cancelled, or past
        its time limit); the work lets it propagate and holds no lock across the call."""
        ...


Work = Callable[[Progress], dict[str, Any]]
"""A job's work: given a :class:`Progress`, it returns its result as a JSON object or raises
a :class:`~limes.errors.LimesError` that becomes the job's error."""


@dataclass(frozen=True)
class Job:
    """A snapshot of one job. ``result`` is set once it succeeded, ``error`` (code, message,
    field) once it failed, was cancelled or timed out."""

    job_id: str
    kind: str
    owner: str
    status: JobStatus
    progress: float
    created_at: datetime
    finished_at: datetime | None = None
    cancel_requested: bool = False
    result: dict[str, Any] | None = None
    error: dict[str, str] | None = None
