"""The learnt score: a logistic regression over the facts of examined trucks (scikit-learn).

Rules alone are ASYCUDA's baseline; this score learns from what examinations found, with the
analyst's profiles among its inputs (each profile that fired is a feature, so the score
weighs every criterion by what its trucks were found to carry, as the US ATS weighs its
rules). Two things keep it honest:

- outcomes are known only for examined trucks, and most were examined because a rule or the
  score chose them, so they say little about the trucks nobody looked at. The trucks sent to
  red at random are a fair sample; each weighs ``1 / random_share`` in the fit (inverse
  propensity weighting), the others 1.
- it is refitted as outcomes come in (every ``refit_every`` new outcomes), so a network that
  changes its consignor or route is seen again once one of its trucks is found.

Each score names the facts that pushed it up most (coefficient times value), for the
officer's "why".
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from limes.cargo.risk import Fact
from limes.cargo.targeting import Score

CATEGORIES = (
    "profiles",
    "consignor",
    "consignee",
    "carrier",
    "route",
    "hs_chapter",
    "origin_country",
    "vehicle_country",
    "driver_watchlist",
)
COUNTS = (
    "consignor_seizures", "consignee_seizures", "carrier_seizures", "vehicle_seizures",
    "driver_seizures", "route_seizures",
)  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """One examined truck: its facts at arrival, whether anything was found, and whether it
    was sent to examination at random."""

    facts: Mapping[str, Fact]
    found: bool
    random: bool


def features(facts: Mapping[str, Fact]) -> dict[str, float]:
    """The model's inputs: the profiles that fired and the categories one-hot, amounts on a
    log scale, the weighbridge gap, the parties' seizure history, a tip-off."""
    row: dict[str, float] = {}
    for name in CATEGORIES:
        for value in str(facts.get(name, "")).split(","):
            if value:
                row[f"{name}={value}"] = 1.0
    gap = float(facts.get("mass_gap_share", 0.0) or 0.0)
    row["mass_gap_above"] = max(gap, 0.0) * 10
    row["mass_gap_below"] = max(-gap, 0.0) * 10
    row["log_value_per_kg"] = math.log1p(max(float(facts.get("value_per_kg", 0.0) or 0.0), 0.0))
    row["new_consignor"] = 1.0 if float(facts.get("consignor_declarations", 0) or 0) < 3 else 0.0
    for name in COUNTS:
        row[name] = math.log1p(float(facts.get(name, 0.0) or 0.0))
    row["tip_off"] = 1.0 if facts.get("tip_off") is True else 0.0
    row["transit"] = 1.0 if facts.get("transit") is True else 0.0
    return row


class LearntModel:
    """A fitted model: the vectoriser and the regression."""

    def __init__(self, outcomes: Iterable[Outcome], *, random_share: float) -> None:
        rows = list(outcomes)
        self.vectorizer = DictVectorizer(sparse=True)
        x = self.vectorizer.fit_transform([features(o.facts) for o in rows])
        y = np.array([1 if o.found else 0 for o in rows])
        weight_random = 1 / max(random_share, 0.05)
        weights = np.array([weight_random if o.random else 1.0 for o in rows])
        self.regression = LogisticRegression(C=1.0, max_iter=500, class_weight="balanced")
        self.regression.fit(x, y, sample_weight=weights)
        self.names = self.vectorizer.get_feature_names_out()

    def scores(self, rows: list[Mapping[str, Fact]]) -> list[float]:
        """The scores of many trucks at once (a day's pre-arrival declarations)."""
        if not rows:
            return []
        x = self.vectorizer.transform([features(f) for f in rows])
        return [float(v) for v in self.regression.predict_proba(x)[:, 1]]

    def score(self, facts: Mapping[str, Fact]) -> Score:
        x = self.vectorizer.transform([features(facts)])
        value = float(self.regression.predict_proba(x)[0, 1])
        contributions = x.multiply(self.regression.coef_[0]).tocsr()
        ranked = sorted(
            zip(contributions.indices, contributions.data, strict=True), key=lambda p: -p[1]
        )
        drivers = tuple(str(self.names[i]) for i, c in ranked[:3] if c > 0.05)
        return Score(round(value, 4), drivers)


class LearntScorer:
    """The node's scorer: refits from the store's outcomes as they grow; None (no score)
    until ``min_outcomes`` examined trucks with at least ``min_found`` finds are recorded."""

    def __init__(
        self,
        outcomes: Callable[[], list[Outcome]],
        count: Callable[[], int],
        *,
        random_share: Callable[[], float],
        min_outcomes: int = 30,
        min_found: int = 3,
        refit_every: int = 10,
    ) -> None:
        self._outcomes = outcomes
        self._count = count
        self._random_share = random_share
        self._min_outcomes = min_outcomes
        self._min_found = min_found
        self._refit_every = refit_every
        self._model: LearntModel | None = None
        self._fitted_on = -1
        self._lock = threading.Lock()

    def refit(self) -> bool:
        """Fit on every recorded outcome now; False when there are too few to learn from."""
        rows = self._outcomes()
        found = sum(1 for r in rows if r.found)
        with self._lock:
            self._fitted_on = len(rows)
            if len(rows) < self._min_outcomes or found < self._min_found or found == len(rows):
                self._model = None
                return False
            self._model = LearntModel(rows, random_share=self._random_share())
            return True

    def score(self, facts: dict[str, Fact]) -> Score | None:
        count = self._count()
        if self._fitted_on < 0 or count - self._fitted_on >= self._refit_every:
            self.refit()
        model = self._model
        return model.score(facts) if model is not None else None

    @property
    def fitted_on(self) -> int:
        """How many outcomes the current model was fitted on (-1 before the first fit)."""
        return self._fitted_on
