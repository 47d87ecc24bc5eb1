"""The what-if over HTTP, as a job: ``POST /api/v1/crossings/whatif`` checks the scenario
and its size while the caller waits (422 at once when it is bad or over the ceiling), then
answers 202 with the job; ``GET /api/v1/jobs/{id}`` gives its progress and, once done, the
figures; ``DELETE`` cancels it (``limes.crossings.whatif_job`` has the ceilings)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from limes.access.api import Role, User
from limes.cargo import api as cargo_api
from limes.container import Node
from limes.crossings import whatif, whatif_job, whatif_trucks
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
    simulated_daily_trucks: int = Field(
        default=100, ge=1, le=whatif_job.MAX_DAILY_TRUCKS,
        description="Per crossing, when no truck was recorded or a simulated week is asked",
    )  # fmt: skip
    red_share: float | None = Field(
        default=None, ge=0, le=1,
        description="The red lane's share of trucks in the scenario (none: as recorded)",
    )  # fmt: skip
    extra_bays: dict[str, int] = Field(
        default_factory=dict, description="Examination bays added (or removed) per crossing"
    )

    def asked(self) -> whatif_job.WhatIfAsked:
        return whatif_job.WhatIfAsked(
            source=self.source,
            days_back=self.days_back,
            simulated_daily_travellers=self.simulated_daily_travellers,
            extra_lanes=self.extra_lanes,
            hours={k: v.hours() for k, v in self.hours.items()},
            closed=self.closed,
            divert=self.divert,
            simulated_daily_trucks=self.simulated_daily_trucks,
            red_share=self.red_share,
            extra_bays=self.extra_bays,
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
        outcome = whatif_job.run(
            lambda: crossings_uow(node), node.clock, planned, progress, _CargoLanes(node)
        )
        return outcome_json(outcome)

    job = node.jobs.start(JOB_KIND, user, work)
    response.headers["Location"] = f"/api/v1/jobs/{job.job_id}"
    return job_out(job)


class _CargoLanes:
    """The cargo context's lanes and red-lane capacity, as the what-if reads them."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def lanes_between(self, start: datetime, end: datetime) -> list[cargo_api.LaneRecord]:
        return cargo_api.lanes_between(self._node.get(cargo_api.CargoUnitOfWork), start, end)

    def red_capacity_per_day(self, crossing_key: str) -> int:
        uow = self._node.get(cargo_api.CargoUnitOfWork)
        return cargo_api.red_capacity_per_day(uow, crossing_key)


def outcome_json(outcome: whatif_job.WhatIfOutcome) -> dict[str, Any]:
    """The what-if's figures, as a job's result."""
    trucks = outcome.trucks
    return {
        "source": outcome.source,
        "arrivals": outcome.arrivals,
        "recorded": [traffic_out(t) for t in outcome.recorded],
        "baseline": [_slots(f) for f in outcome.baseline],
        "scenario": [_slots(f) for f in outcome.scenario],
        "trucks": {
            "source": trucks.source,
            "trucks": trucks.trucks,
            "assumed_minutes": asdict(trucks.times),
            "baseline_shares": asdict(trucks.baseline_shares),
            "scenario_shares": asdict(trucks.scenario_shares),
            "baseline_bays": dict(trucks.baseline_bays),
            "scenario_bays": dict(trucks.scenario_bays),
            "baseline": [_slots(f) for f in trucks.baseline],
            "scenario": [_slots(f) for f in trucks.scenario],
        },
    }


def _slots(f: whatif.Figures | whatif_trucks.TruckFigures) -> dict[str, object]:
    return {name: getattr(f, name) for name in type(f).__slots__}
