"""What a job's reader or its work can be told."""

from __future__ import annotations

from limes.errors import LimesError, NotFound, RateLimited


class JobNotFound(NotFound):
    """No job of that id, or not one the caller may see (the two are not told apart)."""

    code = "job_not_found"


class JobsBusy(RateLimited):
    """As many jobs are running as the node runs at once; try again shortly."""

    code = "jobs_busy"


class JobStopped(LimesError):
    """Raised inside a job's work at a checkpoint when it must stop: cancelled by its
    reader, or past its time limit. The runner records which; the work only lets it pass."""

    code = "job_stopped"


class JobCancelled(JobStopped):
    code = "job_cancelled"


class JobTimedOut(JobStopped):
    code = "job_timed_out"
