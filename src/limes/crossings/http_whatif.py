"""The what-if over HTTP, as a job: ``POST /api/v1/crossings/whatif`` checks the scenario
and its size while the caller waits (422 at once when it is bad or over the ceiling), then
answers 202 with the job; ``GET /api/v1/jobs/{id}`` gives its progress and, once done, the
figures; ``DELETE`` cancels it (``limes.crossings.whatif_job`` has the ceilings)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from limes.access.api import Role, User
from limes.container import Node
from limes.crossings import whatif, whatif_job
from limes.crossings.http import crossings_uow, traffic_out
from limes.crossings.schemas import HoursIO
from limes.jobs.api import Progress
from limes.web.jobs import JobOut, job_out
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/crossings", tags=["crossings"])

Viewer = Annotated[
    User, Depends(require(Role.BORDER_OFFICER, Role.OPERATIONS_COMMANDER, Role.ANALYST))
]
NodeDep = Annotated[Node, Depends(get_node)]
JOB_KIND = "crossings.whatif"


class WhatIfIn(BaseModel):
    source: Literal["recorded", "simulated"] = "recorded"
    days_back: int = Field(default=7, ge=1, le=7)
    simulated_daily_travellers: int = Field(
        default=800,
        ge=1,
        le=whatif_job.MAX_DAILY_TRAVELLERS,
        description=f"Per crossing; the week may hold at most {whatif_job.MAX_ARRIVALS}",
    )
    extra_lanes: dict[str, tuple[int, int]] = Field(default_factory=dict)
    hours: dict[str, HoursIO] = Field(default_factory=dict)
    closed: list[str] = Field(default_factory=list)
    divert: dict[str, str] = Field(default_factory=dict)

    def asked(self) -> whatif_job.WhatIfAsked:
        return whatif_job.WhatIfAsked(
            source=self.source,
            days_back=self.days_back,
            simulated_daily_travellers=self.simulated_daily_travellers,
            extra_lanes=self.extra_lanes,
            hours={k: v.hours() for k, v in self.hours.items()},
            closed=self.closed,
            divert=self.divert,
        )


@router.post(
    "/whatif",
    status_code=202,
    response_model=JobOut,
    responses={
        202: {"description": "The job, running; its result has the figures"},
        422: {"description": "A bad scenario, or one over the ceiling (whatif_too_large)"},
        429: {"description": "As many jobs run as the node runs at once (jobs_busy)"},
    },
)
def what_if(body: WhatIfIn, user: Viewer, node: NodeDep, response: Response) -> JobOut:
    """Start simulating a week with more lanes, other hours or a crossing closed, beside the
    baseline (nothing changed) and the recorded figures. Poll the job for them."""
    planned = whatif_job.plan(crossings_uow(node), body.asked())

    def work(progress: Progress) -> dict[str, Any]:
        outcome = whatif_job.run(lambda: crossings_uow(node), node.clock, planned, progress)
        return outcome_json(outcome)

    job = node.jobs.start(JOB_KIND, user, work)
    response.headers["Location"] = f"/api/v1/jobs/{job.job_id}"
    return job_out(job)


def outcome_json(outcome: whatif_job.WhatIfOutcome) -> dict[str, Any]:
    """The what-if's figures, as a job's result."""
    return {
        "source": outcome.source,
        "arrivals": outcome.arrivals,
        "recorded": [traffic_out(t) for t in outcome.recorded],
        "baseline": [_figures(f) for f in outcome.baseline],
        "scenario": [_figures(f) for f in outcome.scenario],
    }


def _figures(f: whatif.Figures) -> dict[str, object]:
    return {name: getattr(f, name) for name in whatif.Figures.__slots__}
