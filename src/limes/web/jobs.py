"""The HTTP shape of a long job: shared by the jobs routes and every route that starts one
(the crossings' what-if)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from limes.jobs.api import Job, JobStatus


class JobErrorOut(BaseModel):
    code: str
    message: str
    field: str | None = None


class JobOut(BaseModel):
    """A job as it stands; poll ``href`` until ``status`` is not ``running``."""

    job_id: str
    kind: str
    owner: str
    status: JobStatus
    progress: float = Field(ge=0, le=1, description="The share done, 0 to 1")
    created_at: datetime
    finished_at: datetime | None
    cancel_requested: bool
    href: str
    result: dict[str, Any] | None = Field(description="Once succeeded: the work's answer")
    error: JobErrorOut | None = Field(description="Once failed or cancelled: why")


def job_out(job: Job) -> JobOut:
    """The HTTP shape of ``job``."""
    return JobOut(
        job_id=job.job_id,
        kind=job.kind,
        owner=job.owner,
        status=job.status,
        progress=round(job.progress, 4),
        created_at=job.created_at,
        finished_at=job.finished_at,
        cancel_requested=job.cancel_requested,
        href=f"/api/v1/jobs/{job.job_id}",
        result=job.result,
        error=JobErrorOut(**job.error) if job.error else None,
    )
