"""Stays and remaining days, the way the EU entry-exit system counts them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from limes.crossings.model import Direction, Movement, VisaTerms
from limes.crossings.stays import (
    Stay,
    authorised_until,
    entry_allowance,
    overstay_at_exit,
    status_on,
    stays_of,
)


def terms(number: str = "V1", days: int = 90, until: date = date(2028, 1, 1)) -> VisaTerms:
    return VisaTerms("IRQ", number, date(2026, 1, 1), until, days, 0, "tourism")


def move(day: date, direction: Direction, visa: VisaTerms | None = None) -> Movement:
    at = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return Movement("SYR:N1", direction, at, "al-qaim", "i", "KHATIB", "RAMI", "SYR", visa=visa)


def test_the_day_of_entry_and_the_day_of_exit_both_count() -> None:
    (stay,) = stays_of([move(date(2026, 3, 1), Direction.ENTRY), move(date(2026, 3, 1),
                                                                      Direction.EXIT)])  # fmt: skip
    assert len(stay.days(date(2026, 3, 1))) == 1
    (week,) = stays_of([move(date(2026, 3, 1), Direction.ENTRY),
                        move(date(2026, 3, 7), Direction.EXIT)])  # fmt: skip
    assert len(week.days(date(2026, 3, 7))) == 7


def test_a_fourteen_day_visa_authorises_fourteen_days_counting_the_entry_day() -> None:
    visa = terms(days=14)
    until = authorised_until([], Stay(date(2026, 5, 1), None, visa))
    assert until == date(2026, 5, 14)


def test_the_visa_validity_cuts_a_stay_short() -> None:
    visa = terms(days=30, until=date(2026, 5, 10))
    assert authorised_until([], Stay(date(2026, 5, 1), None, visa)) == date(2026, 5, 10)


def test_days_used_on_the_same_visa_are_taken_off_its_duration() -> None:
    visa = terms(days=20)
    earlier = [Stay(date(2026, 4, 1), date(2026, 4, 10), visa)]
    assert authorised_until(earlier, Stay(date(2026, 5, 1), None, visa)) == date(2026, 5, 10)


def test_the_90_180_rule_counts_days_on_every_visa_in_the_window() -> None:
    first, second = terms("V1", days=90), terms("V2", days=90)
    earlier = [Stay(date(2026, 1, 1), date(2026, 3, 21), first)]  # 80 days
    until = authorised_until(earlier, Stay(date(2026, 5, 1), None, second))
    assert until == date(2026, 5, 10)  # 10 more days make 90 in the window


def test_a_long_medical_visa_is_bound_by_its_duration_not_by_the_window() -> None:
    medical = VisaTerms("IRQ", "V9", date(2026, 1, 1), date(2027, 1, 1), 150, 0, "medical")
    earlier = [Stay(date(2026, 1, 1), date(2026, 3, 21), terms("V1"))]
    until = authorised_until(earlier, Stay(date(2026, 5, 1), None, medical))
    assert until == date(2026, 5, 1) + timedelta(days=149)


def test_a_national_has_no_limit_and_an_overstayer_is_counted_from_the_day_after() -> None:
    assert authorised_until([], Stay(date(2026, 5, 1), None, None)) is None
    history = [move(date(2026, 5, 1), Direction.ENTRY, terms(days=10))]
    status = status_on(history, date(2026, 5, 13))
    assert (status.present, status.authorised_until, status.overstay_days) == (
        True, date(2026, 5, 10), 3,
    )  # fmt: skip
    assert status_on(history, date(2026, 5, 10)).remaining_days == 1
    assert overstay_at_exit(history, date(2026, 5, 13)) == 3
    assert overstay_at_exit(history, date(2026, 5, 10)) == 0


def test_an_entry_with_no_day_left_is_refused_by_the_allowance() -> None:
    visa = terms(days=5)
    history = [move(date(2026, 4, 1), Direction.ENTRY, visa),
               move(date(2026, 4, 4), Direction.EXIT)]  # fmt: skip
    assert entry_allowance(history, visa, date(2026, 4, 20)) == date(2026, 4, 20)
    history += [move(date(2026, 4, 20), Direction.ENTRY, visa),
                move(date(2026, 4, 20), Direction.EXIT)]  # fmt: skip
    assert entry_allowance(history, visa, date(2026, 5, 1)) < date(2026, 5, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 170), st.integers(0, 60)), min_size=0, max_size=6),
    st.integers(171, 400),
)
def test_no_authorised_stay_ever_breaks_the_90_180_rule(
    trips: list[tuple[int, int]], entry_offset: int
) -> None:
    origin = date(2026, 1, 1)
    earlier: list[Stay] = []
    cursor = 0
    for gap, length in trips:
        start = cursor + gap
        earlier.append(Stay(origin + timedelta(days=start), origin + timedelta(days=start + length),
                            terms(f"V{start}")))  # fmt: skip
        cursor = start + length + 1
    entry = origin + timedelta(days=max(entry_offset, cursor + 1))
    until = authorised_until(earlier, Stay(entry, None, terms("VNEW")))
    assert until is not None
    present = {d for s in earlier for d in s.days(s.exit_day or entry)}
    new_days = {entry + timedelta(days=n) for n in range((until - entry).days + 1)}
    present |= new_days
    # every window that ends on a day of the new stay holds at most 90 days (the earlier
    # stays drawn here may break the rule among themselves; that is not the new stay's doing)
    for day in new_days:
        window = {d for d in present if day - timedelta(days=179) <= d <= day}
        assert len(window) <= 90
