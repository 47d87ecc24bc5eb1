"""Waiting times and throughput per crossing, from the recorded inspections.

The wait of a traveller is the time from joining the queue (``queued_at``, stamped by the
lane's ticket machine or the simulator) to the start of the inspection; the service time
runs from the start of the inspection to the officer's confirmation. Throughput counts
inspections started per hour.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from limes.crossings.model import Decision, Inspection


@dataclass(frozen=True, slots=True)
class CrossingTraffic:
    """One crossing's figures over the period asked for."""

    crossing_key: str
    inspections: int
    admitted: int
    referred: int
    refused: int
    entries: int
    exits: int
    wait_mean_s: float | None
    wait_p50_s: float | None
    wait_p90_s: float | None
    service_mean_s: float | None
    busiest_hour_count: int
    per_hour: tuple[tuple[str, int], ...]  # ("2026-11-25T08", 41), oldest first


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by the nearest-rank method; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(q / 100 * len(ordered)) - 1, 0)
    return ordered[min(rank, len(ordered) - 1)]


def waits_s(inspections: Sequence[Inspection]) -> list[float]:
    return [
        (i.started_at - i.queued_at).total_seconds()
        for i in inspections
        if i.queued_at is not None and i.queued_at <= i.started_at
    ]


def service_s(inspections: Sequence[Inspection]) -> list[float]:
    return [
        (i.completed_at - i.started_at).total_seconds()
        for i in inspections
        if i.completed_at is not None and i.completed_at >= i.started_at
    ]


def traffic_by_crossing(
    inspections: Sequence[Inspection], keys: Sequence[str]
) -> list[CrossingTraffic]:
    """Figures for each crossing in ``keys`` (those with no inspection get zeros)."""
    grouped: dict[str, list[Inspection]] = defaultdict(list)
    for inspection in inspections:
        grouped[inspection.crossing_key].append(inspection)
    return [_figures(key, grouped.get(key, [])) for key in keys]


def _figures(key: str, inspections: list[Inspection]) -> CrossingTraffic:
    decisions = Counter(i.decision or i.recommended for i in inspections)
    directions = Counter(i.direction.value for i in inspections)
    hours = Counter(_hour(i.started_at) for i in inspections)
    waits = waits_s(inspections)
    services = service_s(inspections)
    return CrossingTraffic(
        crossing_key=key,
        inspections=len(inspections),
        admitted=decisions[Decision.ADMIT],
        referred=decisions[Decision.REFER_SECOND_LINE],
        refused=decisions[Decision.REFUSE],
        entries=directions["entry"],
        exits=directions["exit"],
        wait_mean_s=sum(waits) / len(waits) if waits else None,
        wait_p50_s=percentile(waits, 50),
        wait_p90_s=percentile(waits, 90),
        service_mean_s=sum(services) / len(services) if services else None,
        busiest_hour_count=max(hours.values(), default=0),
        per_hour=tuple(sorted(hours.items())),
    )


def _hour(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H")
