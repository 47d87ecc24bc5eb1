"""Chainage interval arithmetic: union, complement, length, clipping. Pure.

Coverage is "the union of covered intervals over the line's length" (ARCHITECTURE.md,
the shared kernel); this module is that union and nothing else. Intervals are closed
``[start_m, end_m]`` in metres of chainage; an empty interval (``start_m == end_m``) has
length zero and disappears from every union.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from limes.errors import Invalid


@dataclass(frozen=True, order=True, slots=True)
class Interval:
    """A stretch of the boundary from ``start_m`` to ``end_m`` chainage (``start_m <= end_m``)."""

    start_m: float
    end_m: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start_m) and math.isfinite(self.end_m)):
            raise Invalid("must be finite numbers of metres", field="start_m")
        if self.end_m < self.start_m:
            raise Invalid(
                f"ends at {self.end_m} m, before it starts at {self.start_m} m", field="end_m"
            )

    @property
    def length_m(self) -> float:
        return self.end_m - self.start_m

    def contains(self, chainage_m: float) -> bool:
        return self.start_m <= chainage_m <= self.end_m


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """The disjoint, sorted intervals covering exactly what ``intervals`` cover.

    Touching intervals (one ends where the next starts) are merged; empty ones vanish.
    O(n log n).
    """
    merged: list[Interval] = []
    for interval in sorted(i for i in intervals if i.length_m > 0):
        if merged and interval.start_m <= merged[-1].end_m:
            last = merged[-1]
            if interval.end_m > last.end_m:
                merged[-1] = Interval(last.start_m, interval.end_m)
        else:
            merged.append(interval)
    return merged


def total_length_m(intervals: Iterable[Interval]) -> float:
    """The length covered by ``intervals``, overlaps counted once."""
    return sum(i.length_m for i in union(intervals))


def clip(intervals: Iterable[Interval], start_m: float, end_m: float) -> list[Interval]:
    """The union of ``intervals`` restricted to ``[start_m, end_m]``."""
    clipped = (
        Interval(max(i.start_m, start_m), min(i.end_m, end_m))
        for i in intervals
        if i.end_m > start_m and i.start_m < end_m
    )
    return union(clipped)


def complement(intervals: Iterable[Interval], start_m: float, end_m: float) -> list[Interval]:
    """The gaps: the parts of ``[start_m, end_m]`` that no interval covers, sorted.

    ``total_length_m(clip(x, a, b)) + total_length_m(complement(x, a, b)) == b - a``.
    """
    gaps: list[Interval] = []
    cursor = start_m
    for interval in clip(intervals, start_m, end_m):
        if interval.start_m > cursor:
            gaps.append(Interval(cursor, interval.start_m))
        cursor = max(cursor, interval.end_m)
    if cursor < end_m:
        gaps.append(Interval(cursor, end_m))
    return gaps


def intersection_length_m(a: Iterable[Interval], b: Iterable[Interval]) -> float:
    """The length covered by both ``a`` and ``b``. Linear after sorting."""
    left, right = union(a), union(b)
    i = j = 0
    total = 0.0
    while i < len(left) and j < len(right):
        overlap = min(left[i].end_m, right[j].end_m) - max(left[i].start_m, right[j].start_m)
        if overlap > 0:
            total += overlap
        if left[i].end_m < right[j].end_m:
            i += 1
        else:
            j += 1
    return total
