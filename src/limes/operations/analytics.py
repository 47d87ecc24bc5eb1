"""Hotspots, trends and impact levels by sector, from incidents. Pure.

**Impact levels.** EUROSUR attributes an impact level (low, medium, high, critical) to each
border section by hand, from the incidents there (Regulation (EU) 2019/1896, Art. 34: from
an "insignificant" to a "decisive" impact on border security). limes computes a level so
that the rule is written down and the same for every sector:

* window: incidents dispatched in the last ``window_days`` (30) before ``now``;
* points: a resolved genuine incident (interdiction, seizure, arrests, weapons) is 2, an
  incident still open is 1 (it may turn out to be nothing), a false alarm or nuisance 0;
  an incident in which weapons were found counts 5;
* level: below 4 points **low**; 4 to 11 **medium**; 12 to 24 **high**; 25 or more
  **critical**. Any incident with weapons in the window makes the level at least **high**.

Four points are two genuine incidents a month; 25 points are a dozen or more, or armed
smuggling every week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from limes.operations.incidents import Incident
from limes.operations.model import OutcomeKind, QuantityUnit, Substance

WINDOW_DAYS = 30
GENUINE_POINTS = 2
OPEN_POINTS = 1
WEAPONS_POINTS = 5
MEDIUM_FROM = 4
HIGH_FROM = 12
CRITICAL_FROM = 25


class ImpactLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


_ORDER = [ImpactLevel.LOW, ImpactLevel.MEDIUM, ImpactLevel.HIGH, ImpactLevel.CRITICAL]


def _armed(incident: Incident) -> bool:
    outcome = incident.outcome
    return outcome is not None and (outcome.weapons > 0 or outcome.kind is OutcomeKind.WEAPONS)


def incident_points(incident: Incident) -> int:
    """The points one incident adds to its sector's impact score (see the module doc)."""
    if incident.outcome is None:
        return OPEN_POINTS
    if _armed(incident):
        return WEAPONS_POINTS
    return GENUINE_POINTS if incident.outcome.kind.genuine else 0


def level_for(points: int, armed: bool) -> ImpactLevel:
    if points >= CRITICAL_FROM:
        level = ImpactLevel.CRITICAL
    elif points >= HIGH_FROM:
        level = ImpactLevel.HIGH
    elif points >= MEDIUM_FROM:
        level = ImpactLevel.MEDIUM
    else:
        level = ImpactLevel.LOW
    if armed and _ORDER.index(level) < _ORDER.index(ImpactLevel.HIGH):
        return ImpactLevel.HIGH
    return level


@dataclass(frozen=True, slots=True)
class SectorImpact:
    sector_id: str
    level: ImpactLevel
    points: int
    incidents: int
    armed: bool


def impact_levels(
    incidents: Iterable[Incident],
    sector_ids: Iterable[str],
    now: datetime,
    window_days: int = WINDOW_DAYS,
) -> dict[str, SectorImpact]:
    """The impact level of every sector in ``sector_ids`` (low where nothing happened)."""
    since = now - timedelta(days=window_days)
    points: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    armed: dict[str, bool] = defaultdict(bool)
    for incident in incidents:
        if not since < incident.dispatched_at <= now:
            continue
        points[incident.sector_id] += incident_points(incident)
        counts[incident.sector_id] += 1
        armed[incident.sector_id] |= _armed(incident)
    return {
        sector: SectorImpact(
            sector,
            level_for(points[sector], armed[sector]),
            points[sector],
            counts[sector],
            armed[sector],
        )
        for sector in sector_ids
    }


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One sector in one month (``YYYY-MM``, UTC)."""

    sector_id: str
    month: str
    incidents: int = 0
    genuine: int = 0
    false_alarms: int = 0
    nuisance: int = 0
    open: int = 0
    seizures: int = 0
    arrests: int = 0
    weapons: int = 0
    captagon_pills: float = 0.0
    drugs_kg: float = 0.0


def trends(incidents: Iterable[Incident]) -> list[TrendRow]:
    """Counts per sector and month, ordered by sector then month."""
    rows: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for incident in incidents:
        month = incident.dispatched_at.astimezone(UTC).strftime("%Y-%m")
        row = rows[(incident.sector_id, month)]
        row["incidents"] += 1
        outcome = incident.outcome
        if outcome is None:
            row["open"] += 1
            continue
        if outcome.kind is OutcomeKind.FALSE_ALARM:
            row["false_alarms"] += 1
        elif outcome.kind is OutcomeKind.NUISANCE:
            row["nuisance"] += 1
        else:
            row["genuine"] += 1
        row["seizures"] += len(outcome.seizures)
        row["arrests"] += outcome.arrests
        row["weapons"] += outcome.weapons
        for seizure in outcome.seizures:
            if seizure.unit is QuantityUnit.KG:
                row["drugs_kg"] += seizure.quantity
            elif seizure.substance is Substance.CAPTAGON:
                row["captagon_pills"] += seizure.quantity
    result = []
    for (sector, month), row in sorted(rows.items()):
        counts = {k: int(v) for k, v in row.items() if k not in {"captagon_pills", "drugs_kg"}}
        result.append(
            TrendRow(
                sector,
                month,
                **counts,
                captagon_pills=row["captagon_pills"],
                drugs_kg=row["drugs_kg"],
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class Hotspot:
    sector_id: str
    genuine: int
    incidents: int


def hotspots(
    incidents: Iterable[Incident], since: datetime, until: datetime, top: int = 5
) -> list[Hotspot]:
    """The ``top`` sectors by genuine incidents dispatched in ``[since, until)``; ties by
    all incidents, then by sector id. Sectors with no genuine incident are left out."""
    genuine: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for incident in incidents:
        if not since <= incident.dispatched_at < until:
            continue
        total[incident.sector_id] += 1
        if incident.outcome is not None and incident.outcome.kind.genuine:
            genuine[incident.sector_id] += 1
    ranked = sorted(
        (Hotspot(s, genuine[s], total[s]) for s in total if genuine[s] > 0),
        key=lambda h: (-h.genuine, -h.incidents, h.sector_id),
    )
    return ranked[:top]
