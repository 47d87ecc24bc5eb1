"""Choosing a truck's lane: hard reasons, the analyst's profiles, the learnt score, a random
share, and the day's examination capacity.

- **Hard reasons** (a broken or missing customs seal, a weighed mass far from the declared
  one, a declaration kept with problems, a driver who is a watchlist hit) always send a
  truck to red: never green. A driver who is a possible match sends it to yellow at least,
  while the screening analyst reviews the match.
- **Profiles** that fire send it to their lane; the strictest wins.
- **The learnt score** (:class:`Score`, from :mod:`limes.cargo.adapters_targeting`) sends it
  to red above ``red_score`` while the crossing's red lane has capacity left today, else to
  yellow above ``yellow_score``.
- **A random share** of the trucks no reason selected go to red anyway: their outcomes are
  the unbiased sample that keeps the learnt score honest (outcomes of selected trucks say
  little about the ones never examined).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from limes.cargo.model import DriverCheck, Lane, LaneDecision
from limes.cargo.risk import Fact, RiskProfile

MASS_GAP_LIMIT = 0.10
"""A weighed mass more than 10 % above or below the declared gross mass is a hard reason."""


@dataclass(frozen=True)
class Score:
    """The learnt probability that a truck carries contraband, and what drove it most."""

    value: float
    drivers: tuple[str, ...] = ()


class Scorer(Protocol):
    def score(self, facts: dict[str, Fact]) -> Score | None:
        """The truck's score, or None while too few outcomes are recorded to learn from."""
        ...


@dataclass(frozen=True)
class TargetingSettings:
    """Per node: the random share, the red-lane capacity of a crossing per day (with the
    crossings whose bays differ in ``capacity_by_crossing``), and the score thresholds."""

    random_share: float = 0.02
    red_capacity_per_day: int = 40
    red_score: float = 0.5
    yellow_score: float = 0.25
    capacity_by_crossing: dict[str, int] = field(default_factory=dict)

    def capacity_at(self, crossing_key: str) -> int:
        """How many trucks the red lane of ``crossing_key`` examines in a day."""
        return self.capacity_by_crossing.get(crossing_key, self.red_capacity_per_day)


def hard_reasons(
    facts: dict[str, Fact], *, seals_intact: bool, seals_missing: tuple[str, ...],
    problems: tuple[str, ...], driver: DriverCheck | None = None,
) -> list[str]:  # fmt: skip
    """The reasons that send a truck to red whatever else is said of it."""
    reasons = [f"declaration kept with problems: {p}" for p in problems]
    if driver is not None and driver.status == "hit":
        reasons.append(f"watchlist hit: {driver.summary}")
    if not seals_intact:
        reasons.append("customs seal broken")
    if seals_missing:
        reasons.append("customs seal missing: " + ", ".join(seals_missing))
    gap = facts.get("mass_gap_share", 0.0)
    if isinstance(gap, float) and abs(gap) > MASS_GAP_LIMIT:
        reasons.append(f"weighed mass {gap:+.0%} from the declared gross mass")
    return reasons


def choose_lane(
    facts: dict[str, Fact],
    profiles: list[RiskProfile],
    *,
    hard: list[str],
    score: Score | None,
    random_draw: float,
    settings: TargetingSettings,
    red_today: int,
    crossing_key: str = "",
) -> LaneDecision:
    """The lane of one truck and every reason for it (see the module's documentation)."""
    if hard:
        return LaneDecision(Lane.RED, tuple(hard), score.value if score else None, False)
    lane, reasons = Lane.GREEN, []
    fired = [p for p in profiles if p.fires(facts)]
    for profile in fired:
        reasons.append(
            f"profile {profile.name}: " + "; ".join(c.describe() for c in profile.criteria)
        )
        if profile.lane.rank > lane.rank:
            lane = profile.lane
    if score is not None:
        explained = f"score {score.value:.2f}" + (
            f" ({', '.join(score.drivers)})" if score.drivers else ""
        )
        if score.value >= settings.red_score and red_today < settings.capacity_at(crossing_key):
            if lane.rank < Lane.RED.rank:
                lane = Lane.RED
            reasons.append(explained)
        elif score.value >= settings.yellow_score and lane.rank < Lane.YELLOW.rank:
            lane = Lane.YELLOW
            reasons.append(explained)
    names = tuple(p.profile_id for p in fired)
    selected = lane in (Lane.RED, Lane.YELLOW)
    if not selected and random_draw < settings.random_share:
        return LaneDecision(
            Lane.RED, (*reasons, "random"), score.value if score else None, True, names
        )
    if not reasons:
        reasons.append("no profile fired" + ("" if score is None else f"; score {score.value:.2f}"))
    return LaneDecision(lane, tuple(reasons), score.value if score else None, False, names)


def referred_for_driver(decision: LaneDecision, driver: DriverCheck) -> LaneDecision:
    """``decision`` raised to yellow (at least) when the driver is a possible watchlist
    match, with the match as a reason; otherwise unchanged."""
    if driver.status != "possible":
        return decision
    reason = f"possible watchlist match, for review: {driver.summary}"
    lane = decision.lane if decision.lane.rank >= Lane.YELLOW.rank else Lane.YELLOW
    reasons = (
        decision.reasons
        if lane is decision.lane
        else tuple(r for r in decision.reasons if not r.startswith("no profile fired"))
    )
    return LaneDecision(lane, (*reasons, reason), decision.score, decision.random,
                        decision.profiles, decision.facts)  # fmt: skip
