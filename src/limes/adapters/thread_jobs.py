"""The job runner of a node: a thread per job, a cooperative cancel flag, a time limit and a
ceiling on how many run at once. No new server: jobs live in the node's process and end
with it (a restart forgets them; their starters start them again).

Why threads: the work (a SimPy simulation) is pure Python and short once bounded; a thread
per job with at most ``max_running`` of them keeps one core for requests on a two-core
node, and cancellation needs only a flag the work looks at (``Progress``).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from limes.access.model import Role, User
from limes.clock import Clock
from limes.errors import LimesError
from limes.jobs.errors import JobCancelled, JobNotFound, JobsBusy, JobStopped, JobTimedOut
from limes.jobs.model import Job, JobStatus, Work

log = logging.getLogger(__name__)

MAX_RUNNING = 2
"""Jobs running at once on the node; one more is refused (429 ``jobs_busy``)."""
MAX_SECONDS = 60.0
"""Wall-clock seconds a job may run; past it, it stops at its next checkpoint and fails with
``job_timed_out``."""
KEEP_SECONDS = 3600.0
"""How long a finished job stays readable (by the node's clock)."""
MAX_KEPT = 200
"""Finished jobs kept at most; the oldest go first."""


@dataclass
class _Entry:
    job: Job
    deadline: float
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


class ThreadJobRunner:
    """Runs jobs in threads; reads and cancels them for their owner or an administrator.

    ``timer`` measures the time limit (elapsed seconds, not business time: the monotonic
    clock by default); ``clock`` dates the jobs.
    """

    def __init__(
        self,
        clock: Clock,
        *,
        max_running: int = MAX_RUNNING,
        max_seconds: float = MAX_SECONDS,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._timer = timer
        self.max_running = max_running
        self.max_seconds = max_seconds
        self._jobs: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def start(self, kind: str, owner: User, work: Work) -> Job:
        """Start ``work`` as a job of ``kind`` owned by ``owner`` and return it, running.
        Raises :class:`JobsBusy` when ``max_running`` jobs are running already."""
        with self._lock:
            self._forget_old()
            running = sum(1 for e in self._jobs.values() if not e.job.status.finished)
            if running >= self.max_running:
                raise JobsBusy(
                    f"{running} jobs are running, the most this node runs at once; "
                    "try again when one has finished",
                    retry_after_s=5,
                )
            job = Job(
                job_id=secrets.token_hex(12),
                kind=kind,
                owner=owner.username,
                status=JobStatus.RUNNING,
                progress=0.0,
                created_at=self._clock.now(),
            )
            entry = _Entry(job, deadline=self._timer() + self.max_seconds)
            self._jobs[job.job_id] = entry
            entry.thread = threading.Thread(
                target=self._run, args=(entry, work), name=f"job-{job.job_id}", daemon=True
            )
        entry.thread.start()
        return job

    def get(self, job_id: str, reader: User) -> Job:
        """The job as it stands. Raises :class:`JobNotFound` when there is none of that id
        or ``reader`` neither started it nor is an administrator."""
        with self._lock:
            return self._readable(job_id, reader).job

    def cancel(self, job_id: str, reader: User) -> Job:
        """Ask the job to stop; it does at its next checkpoint and ends ``cancelled``. A
        finished job is left as it is. Raises :class:`JobNotFound` as :meth:`get` does."""
        with self._lock:
            entry = self._readable(job_id, reader)
            if not entry.job.status.finished:
                entry.cancel.set()
                entry.job = replace(entry.job, cancel_requested=True)
            return entry.job

    def wait(self, job_id: str, timeout_s: float) -> Job:
        """The job once its thread has ended, or as it stands after ``timeout_s``."""
        with self._lock:
            entry = self._jobs[job_id]
        if entry.thread is not None:
            entry.thread.join(timeout_s)
        with self._lock:
            return entry.job

    def close(self, timeout_s: float = 5.0) -> None:
        """Cancel every running job and wait up to ``timeout_s`` for their threads."""
        with self._lock:
            entries = list(self._jobs.values())
        for entry in entries:
            entry.cancel.set()
        for entry in entries:
            if entry.thread is not None:
                entry.thread.join(timeout_s)

    # -- inside the job's thread ---------------------------------------------------------

    def _run(self, entry: _Entry, work: Work) -> None:
        def progress(done: float) -> None:
            with self._lock:
                value = min(max(float(done), entry.job.progress), 1.0)
                entry.job = replace(entry.job, progress=value)
            if entry.cancel.is_set():
                raise JobCancelled("cancelled before it finished")
            if self._timer() > entry.deadline:
                raise JobTimedOut(
                    f"stopped after {self.max_seconds:g} s, the most a job may run; "
                    "ask for less (a shorter or smaller scenario)"
                )

        status, result, error = JobStatus.FAILED, None, None
        try:
            result = work(progress)
            status = JobStatus.SUCCEEDED
        except JobStopped as exc:
            if isinstance(exc, JobCancelled):
                status = JobStatus.CANCELLED
            error = _error(exc)
        except LimesError as exc:
            error = _error(exc)
        except Exception:
            log.exception("job %s (%s) failed", entry.job.job_id, entry.job.kind)
            error = {"code": "internal", "message": "the job hit an unexpected error; logged"}
        with self._lock:
            entry.job = replace(
                entry.job,
                status=status,
                progress=1.0 if status is JobStatus.SUCCEEDED else entry.job.progress,
                finished_at=self._clock.now(),
                result=result,
                error=error,
            )

    # -- under the lock ------------------------------------------------------------------

    def _readable(self, job_id: str, reader: User) -> _Entry:
        entry = self._jobs.get(job_id)
        if entry is None or not (
            entry.job.owner == reader.username or reader.has_role(Role.ADMINISTRATOR)
        ):
            raise JobNotFound(f"no job {job_id!r} of yours", field="job_id")
        return entry

    def _forget_old(self) -> None:
        now = self._clock.now()
        finished = sorted(
            (e.job for e in self._jobs.values() if e.job.finished_at is not None),
            key=lambda j: j.finished_at or now,
        )
        for number, job in enumerate(finished):
            assert job.finished_at is not None
            too_old = (now - job.finished_at).total_seconds() > KEEP_SECONDS
            if too_old or len(finished) - number > MAX_KEPT:
                del self._jobs[job.job_id]


def _error(exc: LimesError) -> dict[str, str]:
    error = {"code": exc.code, "message": exc.message}
    if exc.field:
        error["field"] = exc.field
    return error
