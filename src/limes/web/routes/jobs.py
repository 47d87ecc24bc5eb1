"""Jobs over HTTP: a job's status, progress and result, and its cancellation. A job is read
and cancelled by the account that started it, or by an administrator; to anyone else it
does not exist (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from limes.container import Node
from limes.jobs.model import Job, JobStatus
from limes.web.security import CurrentUser, get_node

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])

NodeDep = Annotated[Node, Depends(get_node)]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{24}$", description="The id the job's start gave")]


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


NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such job, or not one of yours"}
}


@router.get("/{job_id}", response_model=JobOut, responses=NOT_YOURS)
def read_job(job_id: JobId, user: CurrentUser, node: NodeDep) -> JobOut:
    """The job's status, progress and, once finished, its result or error."""
    return job_out(node.jobs.get(job_id, user))


@router.delete("/{job_id}", status_code=202, response_model=JobOut, responses=NOT_YOURS)
def cancel_job(job_id: JobId, user: CurrentUser, node: NodeDep) -> JobOut:
    """Ask the job to stop. It does within moments (``status`` becomes ``cancelled``); a
    finished job is answered as it is."""
    return job_out(node.jobs.cancel(job_id, user))
