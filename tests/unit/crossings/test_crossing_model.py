"""Crossing points, hours and decisions."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from limes.crossings.errors import CrossingInvalid, InspectionConflict
from limes.crossings.model import (
    CrossingPoint,
    Decision,
    Direction,
    Inspection,
    Lane,
    OpeningHours,
    Reason,
    Severity,
    decide,
)

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def test_the_heaviest_reason_decides_and_only_no_objection_admits() -> None:
    info = Reason("screening_clear", Severity.INFO, "clear")
    refer = Reason("seal_unknown_signer", Severity.REFER, "unknown")
    refuse = Reason("visa_expired", Severity.REFUSE, "expired")
    assert decide(()) is Decision.ADMIT
    assert decide((info,)) is Decision.ADMIT
    assert decide((info, refer)) is Decision.REFER_SECOND_LINE
    assert decide((refer, refuse, info)) is Decision.REFUSE


def inspection(recommended: Decision, reasons: tuple[Reason, ...] = ()) -> Inspection:
    return Inspection("i1", "al-qaim", 1, Direction.ENTRY, NOW, "guard", recommended, reasons)


def test_an_officer_may_refuse_an_admit_but_never_admit_a_refusal() -> None:
    refused = inspection(
        Decision.REFUSE, (Reason("visa_expired", Severity.REFUSE, "visa V1 expired"),)
    )
    with pytest.raises(InspectionConflict, match="visa V1 expired"):
        refused.confirm(officer="guard", at=NOW, decision=Decision.ADMIT)
    stricter = inspection(Decision.REFER_SECOND_LINE).confirm(
        officer="guard", at=NOW, decision=Decision.REFUSE
    )
    assert stricter.decision is Decision.REFUSE
    with pytest.raises(InspectionConflict, match="already confirmed"):
        stricter.confirm(officer="guard", at=NOW, decision=None)


def test_nobody_is_admitted_when_the_passport_was_not_read() -> None:
    with pytest.raises(InspectionConflict, match="not read"):
        inspection(Decision.ADMIT).confirm(officer="guard", at=NOW, decision=None)


def test_opening_hours_past_midnight_belong_to_the_day_they_opened() -> None:
    nights = OpeningHours(time(20, 0), time(4, 0), frozenset({0}))  # Monday night only
    monday_late = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    tuesday_early = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    tuesday_late = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert nights.is_open(monday_late)
    assert nights.is_open(tuesday_early)
    assert not nights.is_open(tuesday_late)
    days = OpeningHours(time(8, 0), time(16, 0))
    assert days.is_open(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    assert not days.is_open(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))
    assert OpeningHours().round_the_clock


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"key": "Al Qaim"}, "key"),
        ({"name_en": " "}, "name_en"),
        ({"lanes": (Lane(1, Direction.ENTRY), Lane(1, Direction.EXIT))}, "lanes"),
        ({"utc_offset_minutes": 2000}, "utc_offset_minutes"),
    ],
)
def test_a_bad_crossing_point_names_the_field(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"key": "al-qaim", "name_en": "Al-Qaim", "name_ar": "القائم"}
    values.update(changes)
    with pytest.raises(CrossingInvalid) as caught:
        CrossingPoint(**values)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_weekdays_outside_0_to_6_are_refused() -> None:
    with pytest.raises(CrossingInvalid) as caught:
        OpeningHours(days=frozenset({7}))
    assert caught.value.field == "days"
