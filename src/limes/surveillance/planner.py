"""The tower planner: where k new towers watch the most boundary not yet watched. Pure.

This is maximum coverage over the line. The candidates' watched intervals cut the line into
*elementary segments* (between consecutive interval ends, so each segment is watched by a
fixed set of candidates); a segment already watched is worth nothing, any other is worth
its length. Two methods, reported side by side:

* **exact**: the max-coverage MILP solved by HiGHS (``highspy``, MIT licence)::

      maximise  sum_j  w_j y_j
      s.t.      y_j <= sum_{i covers j} x_i      for every segment j
                sum_i x_i <= k
                x_i in {0, 1},  0 <= y_j <= 1

  (``y_j`` needs no integrality: at an optimum it equals min(1, sum x_i), integral once
  the x are.) The greedy plan is handed to HiGHS as its starting incumbent.
* **greedy**: repeatedly take the candidate adding the most new length (lazy evaluation:
  a gain can only fall, so a stale heap top that still beats the next one is taken).
  Greedy is within a factor 1 - 1/e of the optimum (Nemhauser, Wolsey and Fisher, 1978).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from limes.surveillance.coverage import TOWER_SENSOR_KINDS, LineSampler, tower_intervals
from limes.surveillance.errors import PlannerInputInvalid
from limes.surveillance.intervals import Interval, union
from limes.surveillance.model import Tower


@dataclass(frozen=True, slots=True)
class CandidateSite:
    """A place a tower could stand, with the chainage intervals it would watch."""

    id: str
    covered: tuple[Interval, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """Chosen sites and the boundary length they newly watch. ``proven_optimal`` is True
    only for an exact plan HiGHS proved optimal (False when it hit its time limit)."""

    method: str
    site_ids: tuple[str, ...]
    new_covered_m: float
    proven_optimal: bool = False


@dataclass(frozen=True, slots=True)
class PlannerReport:
    """Both plans for the same candidates and the same ``towers``."""

    towers: int
    candidates: int
    segments: int
    exact: Plan
    greedy: Plan

    @property
    def greedy_ratio(self) -> float:
        """Greedy's new length over the exact one (1.0 when neither adds anything)."""
        if self.exact.new_covered_m <= 0:
            return 1.0
        return self.greedy.new_covered_m / self.exact.new_covered_m


@dataclass(frozen=True, slots=True)
class Segments:
    """Elementary segments worth covering: their lengths and, per candidate, which ones."""

    weights_m: tuple[float, ...]
    by_candidate: tuple[tuple[int, ...], ...]


def candidate_sites(sampler: LineSampler, towers: Iterable[Tower]) -> list[CandidateSite]:
    """Candidate sites from hypothetical towers: each watches what its radar or camera would."""
    sites = []
    for tower in towers:
        watched = [i for kind in TOWER_SENSOR_KINDS for i in tower_intervals(sampler, tower, kind)]
        sites.append(CandidateSite(tower.id, tuple(union(watched))))
    return sites


def segments(candidates: Sequence[CandidateSite], existing: Iterable[Interval] = ()) -> Segments:
    """Cut the candidates' intervals into elementary segments not yet watched by ``existing``."""
    watched = union(existing)
    watched_starts = [i.start_m for i in watched]
    ends = {p for c in candidates for i in c.covered for p in (i.start_m, i.end_m)}
    cuts = sorted(ends | {p for i in watched for p in (i.start_m, i.end_m)})
    weights: list[float] = []
    index_of_cut: dict[int, int] = {}
    for n, (a, b) in enumerate(itertools.pairwise(cuts)):
        middle = (a + b) / 2
        k = bisect.bisect_right(watched_starts, middle) - 1
        if b > a and not (k >= 0 and watched[k].start_m <= middle <= watched[k].end_m):
            index_of_cut[n] = len(weights)
            weights.append(b - a)
    by_candidate = []
    for candidate in candidates:
        chosen: set[int] = set()
        for interval in candidate.covered:
            first = bisect.bisect_left(cuts, interval.start_m)
            last = bisect.bisect_left(cuts, interval.end_m)
            chosen.update(index_of_cut[n] for n in range(first, last) if n in index_of_cut)
        by_candidate.append(tuple(sorted(chosen)))
    return Segments(tuple(weights), tuple(by_candidate))


def _check(candidates: Sequence[CandidateSite], towers: int) -> None:
    if towers < 0:
        raise PlannerInputInvalid("must not be negative", field="towers")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise PlannerInputInvalid("candidate ids must be unique", field="candidates")


def _value(chosen: Iterable[int], cut: Segments) -> float:
    covered = {j for i in chosen for j in cut.by_candidate[i]}
    return sum(cut.weights_m[j] for j in covered)


def _greedy(cut: Segments, towers: int) -> list[int]:
    taken = [False] * len(cut.weights_m)
    heap = [(-sum(cut.weights_m[j] for j in segs), i) for i, segs in enumerate(cut.by_candidate)]
    heapq.heapify(heap)
    chosen: list[int] = []
    while heap and len(chosen) < towers:
        _, i = heapq.heappop(heap)
        gain = sum(cut.weights_m[j] for j in cut.by_candidate[i] if not taken[j])
        if heap and gain < -heap[0][0]:
            heapq.heappush(heap, (-gain, i))
            continue
        if gain <= 0:
            break
        chosen.append(i)
        for j in cut.by_candidate[i]:
            taken[j] = True
    return chosen


def plan_greedy(
    candidates: Sequence[CandidateSite], towers: int, existing: Iterable[Interval] = ()
) -> Plan:
    """The greedy plan for ``towers`` new towers (it may use fewer if nothing is left)."""
    _check(candidates, towers)
    cut = segments(candidates, existing)
    chosen = _greedy(cut, towers)
    return Plan("greedy", tuple(candidates[i].id for i in chosen), _value(chosen, cut))


def _solve(
    cut: Segments, towers: int, start: list[int], time_limit_s: float
) -> tuple[list[int], bool]:
    n, m = len(cut.by_candidate), len(cut.weights_m)
    h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's constructor is unannotated
    h.silent()
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", 0.0)
    inf = highspy.kHighsInf
    costs = np.concatenate([np.zeros(n), np.asarray(cut.weights_m, dtype=np.float64)])
    h.addCols(
        n + m,
        costs,
        np.zeros(n + m),
        np.ones(n + m),
        0,
        np.array([], dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([], dtype=np.float64),
    )
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    covering = _covering(cut)
    starts, indices, values = _constraint_rows(covering, n)
    lower = np.full(m + 1, -inf)
    upper = np.concatenate([np.zeros(m), [float(towers)]])
    h.addRows(
        m + 1,
        lower,
        upper,
        len(indices),
        np.asarray(starts, dtype=np.int32),
        np.asarray(indices, dtype=np.int32),
        np.asarray(values, dtype=np.float64),
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    if start:
        guess = highspy.HighsSolution()
        x = np.zeros(n + m)
        x[start] = 1.0
        for j, who in enumerate(covering):
            x[n + j] = 1.0 if any(x[i] for i in who) else 0.0
        guess.col_value = list(x)
        h.setSolution(guess)
    h.run()
    status = h.getModelStatus()
    values_x = h.getSolution().col_value
    chosen = [i for i in range(n) if values_x[i] > 0.5]
    return chosen, status == highspy.HighsModelStatus.kOptimal


def _covering(cut: Segments) -> list[list[int]]:
    """For each elementary segment j, the candidates i watching it, in candidate order."""
    covering: list[list[int]] = [[] for _ in range(len(cut.weights_m))]
    for i, segs in enumerate(cut.by_candidate):
        for j in segs:
            covering[j].append(i)
    return covering


def _constraint_rows(
    covering: Sequence[Sequence[int]], candidates: int
) -> tuple[list[int], list[int], list[float]]:
    """The MILP's constraint matrix in compressed rows (row starts, column indices, values),
    columns being the ``candidates`` x_i then one y_j per segment: a row
    ``y_j - sum_{i covers j} x_i`` per segment, then the row ``sum_i x_i`` bounded by k."""
    starts: list[int] = []
    indices: list[int] = []
    values: list[float] = []
    for j, who in enumerate(covering):
        starts.append(len(indices))
        indices.extend([candidates + j, *who])
        values.extend([1.0, *([-1.0] * len(who))])
    starts.append(len(indices))
    indices.extend(range(candidates))
    values.extend([1.0] * candidates)
    return starts, indices, values


def plan_exact(
    candidates: Sequence[CandidateSite],
    towers: int,
    existing: Iterable[Interval] = (),
    time_limit_s: float = 60.0,
) -> Plan:
    """The optimal plan by HiGHS; past ``time_limit_s`` the best found, not proven optimal."""
    _check(candidates, towers)
    cut = segments(candidates, existing)
    return _exact(candidates, cut, towers, _greedy(cut, towers), time_limit_s)


def _exact(
    candidates: Sequence[CandidateSite],
    cut: Segments,
    towers: int,
    start: list[int],
    time_limit_s: float,
) -> Plan:
    if towers == 0 or not cut.weights_m:
        return Plan("exact", (), 0.0, proven_optimal=True)
    chosen, optimal = _solve(cut, towers, start, time_limit_s)
    if _value(chosen, cut) < _value(start, cut):
        chosen = start  # a time-limited solve never reports worse than its start
    return Plan("exact", tuple(candidates[i].id for i in chosen), _value(chosen, cut), optimal)


def plan_towers(
    candidates: Sequence[CandidateSite],
    towers: int,
    existing: Iterable[Interval] = (),
    time_limit_s: float = 60.0,
) -> PlannerReport:
    """Both plans, greedy and exact, for ``towers`` new towers among ``candidates``, given
    the intervals already watched (``existing``)."""
    _check(candidates, towers)
    cut = segments(candidates, existing)
    greedy_ids = _greedy(cut, towers)
    greedy = Plan("greedy", tuple(candidates[i].id for i in greedy_ids), _value(greedy_ids, cut))
    exact = _exact(candidates, cut, towers, greedy_ids, time_limit_s)
    return PlannerReport(towers, len(candidates), len(cut.weights_m), exact, greedy)
