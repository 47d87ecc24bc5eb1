"""Lanes and the learnt score: hard reasons always red, profiles by their lane, the score
within capacity, the random share only on trucks no reason chose; a score that learns a
planted signal and names it (issue #15)."""

from __future__ import annotations

import random

import pytest

from limes.cargo.adapters_targeting import LearntModel, LearntScorer, Outcome
from limes.cargo.errors import ProfileInvalid
from limes.cargo.model import DriverCheck, Lane, LaneDecision
from limes.cargo.risk import Criterion, Fact, Operator, RiskProfile, with_profiles
from limes.cargo.targeting import (
    Score,
    TargetingSettings,
    choose_lane,
    hard_reasons,
    referred_for_driver,
)

SETTINGS = TargetingSettings(random_share=0.05, red_capacity_per_day=2)
FRUIT = RiskProfile("P1", "fresh fruit", (Criterion("hs_chapter", Operator.ONE_OF, "07,08"),),
                    Lane.YELLOW)  # fmt: skip


def facts(**changes: Fact) -> dict[str, Fact]:
    base: dict[str, Fact] = {"hs_chapter": "69", "mass_gap_share": 0.0, "consignor": "A",
                             "carrier": "C", "route": "R", "tip_off": False}  # fmt: skip
    return {**base, **changes}


def lane(f: dict[str, Fact], **kw: object) -> Lane:
    options: dict[str, object] = {"hard": [], "score": None, "random_draw": 0.9,
                                  "settings": SETTINGS, "red_today": 0, **kw}  # fmt: skip
    return choose_lane(f, [FRUIT], **options).lane  # type: ignore[arg-type]


def test_a_broken_seal_or_a_mass_far_off_is_red_whatever_else() -> None:
    assert hard_reasons(facts(), seals_intact=False, seals_missing=(), problems=()) == [
        "customs seal broken"
    ]
    far = hard_reasons(facts(mass_gap_share=0.18), seals_intact=True, seals_missing=(),
                       problems=())  # fmt: skip
    assert far == ["weighed mass +18% from the declared gross mass"]
    near = hard_reasons(facts(mass_gap_share=0.05), seals_intact=True, seals_missing=(),
                        problems=())  # fmt: skip
    assert near == []
    assert lane(facts(), hard=["customs seal broken"], red_today=99) is Lane.RED


def test_profiles_send_to_their_lane_and_the_score_only_within_capacity() -> None:
    assert lane(facts()) is Lane.GREEN
    assert lane(facts(hs_chapter="08")) is Lane.YELLOW
    assert lane(facts(), score=Score(0.9)) is Lane.RED
    # the red lane full today: a high score still gets the documentary check
    assert lane(facts(), score=Score(0.9), red_today=2) is Lane.YELLOW
    assert lane(facts(), score=Score(0.3)) is Lane.YELLOW


def test_the_random_share_reaches_only_trucks_no_reason_chose() -> None:
    randomly = choose_lane(facts(), [FRUIT], hard=[], score=None, random_draw=0.01,
                           settings=SETTINGS, red_today=0)  # fmt: skip
    assert randomly.lane is Lane.RED and randomly.random and "random" in randomly.reasons
    chosen = choose_lane(facts(hs_chapter="08"), [FRUIT], hard=[], score=None,
                         random_draw=0.01, settings=SETTINGS, red_today=0)  # fmt: skip
    assert chosen.lane is Lane.YELLOW and not chosen.random


def test_a_profile_is_refused_with_the_reason() -> None:
    with pytest.raises(ProfileInvalid, match="unknown fact 'colour'"):
        Criterion("colour", Operator.EQUALS, "red")
    with pytest.raises(ProfileInvalid, match="gross_kg is a number"):
        Criterion("gross_kg", Operator.ABOVE, "heavy")
    with pytest.raises(ProfileInvalid, match="red, yellow or blue"):
        RiskProfile("P", "n", (Criterion("tip_off", Operator.EQUALS, "true"),), Lane.GREEN)


def test_the_profiles_that_fired_are_named_among_the_facts() -> None:
    assert with_profiles(facts(hs_chapter="08"), [FRUIT])["profiles"] == "P1"
    assert with_profiles(facts(), [FRUIT])["profiles"] == ""


def outcomes(n: int, seed: int) -> list[Outcome]:
    """Trucks of carrier C7 are loaded 60 % of the time, others 1 %."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        carrier = rng.choice([f"C{i}" for i in range(10)])
        found = rng.random() < (0.6 if carrier == "C7" else 0.01)
        rows.append(Outcome(facts(carrier=carrier), found, rng.random() < 0.2))
    return rows


def test_the_learnt_score_finds_a_planted_signal_and_names_it() -> None:
    model = LearntModel(outcomes(600, 1), random_share=0.02)
    loaded, clean = model.score(facts(carrier="C7")), model.score(facts(carrier="C2"))
    assert loaded.value > 0.5 > clean.value
    assert "carrier=C7" in loaded.drivers
    assert model.scores([facts(carrier="C7"), facts(carrier="C2")])[0] == pytest.approx(
        loaded.value, abs=1e-4
    )


def test_the_scorer_waits_for_enough_outcomes_and_refits_as_they_grow() -> None:
    rows: list[Outcome] = outcomes(20, 2)
    scorer = LearntScorer(lambda: rows, lambda: len(rows), random_share=lambda: 0.02,
                          refit_every=10)  # fmt: skip
    assert scorer.score(facts()) is None  # 20 outcomes: too few
    rows.extend(outcomes(400, 3))
    assert scorer.score(facts(carrier="C7")) is not None
    assert scorer.fitted_on == 420


def test_the_profiles_that_fired_are_inputs_of_the_score() -> None:
    from limes.cargo.adapters_targeting import features  # noqa: PLC0415 - one test's need

    assert features(with_profiles(facts(hs_chapter="08"), [FRUIT]))["profiles=P1"] == 1.0


def test_a_driver_hit_is_a_hard_reason_and_a_possible_match_sends_the_truck_to_yellow() -> None:
    hit = DriverCheck("hit", "driver 1 hit(s) in national@1: X (national A1, 0.97)")
    assert hard_reasons({}, seals_intact=True, seals_missing=(), problems=(), driver=hit) == [
        f"watchlist hit: {hit.summary}"
    ]
    possible = DriverCheck("possible", "driver 0 hit(s) and 1 possible match(es) in national@1")
    green = LaneDecision(Lane.GREEN, ("no profile fired",), None, False)
    referred = referred_for_driver(green, possible)
    assert referred.lane is Lane.YELLOW
    assert referred.reasons == (f"possible watchlist match, for review: {possible.summary}",)
    red = LaneDecision(Lane.RED, ("random",), None, True)
    assert referred_for_driver(red, possible).lane is Lane.RED
    assert referred_for_driver(green, DriverCheck("clear", "no match")) == green


def test_a_crossing_with_fewer_bays_has_its_own_red_lane_capacity() -> None:
    small = TargetingSettings(red_capacity_per_day=40, capacity_by_crossing={"rabia": 1})
    high = Score(0.9)
    assert lane(facts(), score=high, settings=small, red_today=1, crossing_key="al-qaim") is (
        Lane.RED
    )
    assert lane(facts(), score=high, settings=small, red_today=1, crossing_key="rabia") is (
        Lane.YELLOW
    )
    assert small.capacity_at("rabia") == 1 and small.capacity_at("al-qaim") == 40
