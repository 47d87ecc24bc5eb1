"""Jobs over HTTP: a job's status, progress and result, and its cancellation. A job is read
and cancelled by the account that started it, or by an administrator; to anyone else it
does not exist (404)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from limes.container import Node
from limes.web.jobs import JobOut, job_out
from limes.web.security import CurrentUser, get_node

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])

NodeDep = Annotated[Node, Depends(get_node)]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{24}$", description="The id the job's start gave")]


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
