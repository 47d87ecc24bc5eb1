"""Hotspots, trends and impact levels by sector, with the thresholds of the module doc."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from limes.operations.analytics import ImpactLevel, hotspots, impact_levels, trends
from limes.operations.incidents import Incident
from limes.operations.model import (
    Outcome,
    OutcomeKind,
    QuantityUnit,
    Seizure,
    Substance,
    Target,
)

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def incident(n: int, sector: str, days_ago: float, outcome: Outcome | None) -> Incident:
    at = NOW - timedelta(days=days_ago)
    opened = Incident.open(f"i{n}", Target(f"a{n}", sector, 1_000), "car-1", "IRQ", at)
    if outcome is None:
        return opened
    arrived = opened.arrive(at + timedelta(minutes=10))
    return arrived.resolve(outcome, at + timedelta(hours=1))


SEIZED = Outcome(
    OutcomeKind.SEIZURE,
    seizures=(
        Seizure(Substance.CAPTAGON, 50_000, QuantityUnit.PILLS),
        Seizure(Substance.CANNABIS, 12.5, QuantityUnit.KG),
    ),
)
ARMED = Outcome(OutcomeKind.INTERDICTION, weapons=3, arrests=2)
FALSE = Outcome(OutcomeKind.FALSE_ALARM)


def test_a_quiet_sector_is_low_and_false_alarms_do_not_raise_it() -> None:
    incidents = [incident(n, "s1", 2, FALSE) for n in range(10)]
    levels = impact_levels(incidents, ["s1", "s2"], NOW)
    assert levels["s1"].level is ImpactLevel.LOW
    assert levels["s1"].incidents == 10
    assert levels["s2"].level is ImpactLevel.LOW


def test_impact_climbs_through_the_documented_thresholds() -> None:
    """Each resolved genuine incident is 2 points: 2 -> 4 points medium, 6 -> 12 high,
    13 -> 26 critical; one armed incident (5 points) alone makes it high."""

    def level(count: int) -> ImpactLevel:
        incidents = [incident(n, "s1", 1, SEIZED) for n in range(count)]
        return impact_levels(incidents, ["s1"], NOW)["s1"].level

    assert level(1) is ImpactLevel.LOW
    assert level(2) is ImpactLevel.MEDIUM
    assert level(5) is ImpactLevel.MEDIUM
    assert level(6) is ImpactLevel.HIGH
    assert level(13) is ImpactLevel.CRITICAL
    armed = impact_levels([incident(1, "s1", 1, ARMED)], ["s1"], NOW)["s1"]
    assert (armed.level, armed.points, armed.armed) == (ImpactLevel.HIGH, 5, True)


def test_incidents_older_than_the_window_do_not_count() -> None:
    incidents = [incident(n, "s1", 45, SEIZED) for n in range(8)]  # 16 points
    assert impact_levels(incidents, ["s1"], NOW)["s1"].level is ImpactLevel.LOW
    assert impact_levels(incidents, ["s1"], NOW, window_days=60)["s1"].level is (ImpactLevel.HIGH)


def test_an_open_incident_counts_one_point() -> None:
    incidents = [incident(n, "s1", 1, None) for n in range(4)]
    impact = impact_levels(incidents, ["s1"], NOW)["s1"]
    assert (impact.points, impact.level) == (4, ImpactLevel.MEDIUM)


def test_trends_count_by_sector_and_month_with_the_quantities_seized() -> None:
    incidents = [
        incident(1, "s1", 0, SEIZED),  # June
        incident(2, "s1", 40, SEIZED),  # May
        incident(3, "s1", 41, FALSE),  # May
        incident(4, "s2", 1, ARMED),
        incident(5, "s2", 1, None),
    ]
    rows = {(r.sector_id, r.month): r for r in trends(incidents)}
    assert list(rows) == [("s1", "2026-05"), ("s1", "2026-06"), ("s2", "2026-06")]
    may = rows[("s1", "2026-05")]
    assert (may.incidents, may.genuine, may.false_alarms, may.seizures) == (2, 1, 1, 2)
    assert may.captagon_pills == 50_000
    assert may.drugs_kg == 12.5
    s2 = rows[("s2", "2026-06")]
    assert (s2.incidents, s2.open, s2.arrests, s2.weapons) == (2, 1, 2, 3)


def test_hotspots_rank_sectors_by_genuine_incidents() -> None:
    incidents = [
        *(incident(n, "s1", 3, SEIZED) for n in range(2)),
        *(incident(10 + n, "s2", 3, SEIZED) for n in range(3)),
        *(incident(20 + n, "s3", 3, FALSE) for n in range(9)),
        incident(30, "s4", 90, SEIZED),
    ]
    ranked = hotspots(incidents, NOW - timedelta(days=30), NOW)
    assert [(h.sector_id, h.genuine) for h in ranked] == [("s2", 3), ("s1", 2)]
    assert hotspots(incidents, NOW - timedelta(days=30), NOW, top=1)[0].sector_id == "s2"
