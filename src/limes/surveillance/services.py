"""Surveillance use cases, one function each. The correlator itself is a long-lived object
(:class:`~limes.surveillance.correlation.Correlator`) that the composition root builds from
:func:`build_correlator`; these functions store what it raises and answer the coverage and
planning questions."""

from __future__ import annotations

from limes.clock import Clock
from limes.surveillance.correlation import CorrelationSettings, Correlator
from limes.surveillance.coverage import CoverageReport, LineSampler, coverage
from limes.surveillance.errors import AlarmNotFound
from limes.surveillance.events import AlarmStatusChanged
from limes.surveillance.intervals import Interval
from limes.surveillance.layout import Layout, LayoutParameters, candidate_towers
from limes.surveillance.model import Alarm
from limes.surveillance.planner import PlannerReport, candidate_sites, plan_towers
from limes.surveillance.ports import SurveillanceUnitOfWork


def build_correlator(
    layout: Layout, clock: Clock, settings: CorrelationSettings | None = None
) -> Correlator:
    """A correlator over the layout's sectors, watching the heartbeats of all its sensors."""
    return Correlator(layout.sectors, clock, settings, layout.sensors)


def record_alarm(uow: SurveillanceUnitOfWork, alarm: Alarm) -> Alarm:
    """Store a raised alarm. Idempotent: an alarm already stored (same id) is kept as it is
    (its status may have moved on) and returned."""
    with uow:
        stored = uow.alarms.get(alarm.id)
        if stored is not None:
            return stored
        uow.alarms.put(alarm)
        uow.commit()
        return alarm


def _change(uow: SurveillanceUnitOfWork, alarm_id: str, acknowledge: bool) -> AlarmStatusChanged:
    with uow:
        alarm = uow.alarms.get(alarm_id)
        if alarm is None:
            raise AlarmNotFound(f"no alarm {alarm_id!r}", field="alarm_id")
        changed = alarm.acknowledge() if acknowledge else alarm.close()
        uow.alarms.put(changed)
        uow.commit()
        return AlarmStatusChanged(changed)


def acknowledge_alarm(uow: SurveillanceUnitOfWork, alarm_id: str) -> AlarmStatusChanged:
    """An operator has seen the alarm. AlarmNotFound; AlarmStatusConflict unless open."""
    return _change(uow, alarm_id, acknowledge=True)


def close_alarm(uow: SurveillanceUnitOfWork, alarm_id: str) -> AlarmStatusChanged:
    """The alarm is handled. AlarmNotFound; AlarmStatusConflict when already closed."""
    return _change(uow, alarm_id, acknowledge=False)


def report_coverage(
    sampler: LineSampler, layout: Layout, party: str | None = None
) -> CoverageReport:
    """How much of the line the layout watches, by kind and by any, and where the gaps are."""
    return coverage(sampler, layout.towers, layout.fence_zones, party=party)


def plan_new_towers(
    sampler: LineSampler,
    layout: Layout,
    towers: int,
    *,
    spacing_m: float = 2_000.0,
    parameters: LayoutParameters | None = None,
    time_limit_s: float = 30.0,
) -> PlannerReport:
    """Where ``towers`` new Iraqi towers (the wall's design) would watch the most boundary
    not watched yet, candidates every ``spacing_m``: the exact and the greedy plan."""
    watched: list[Interval] = list(report_coverage(sampler, layout).any.covered)
    candidates = candidate_sites(sampler, candidate_towers(layout, spacing_m, parameters))
    return plan_towers(candidates, towers, watched, time_limit_s)
