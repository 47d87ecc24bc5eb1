"""Stays and remaining authorised days, computed the way the EU entry-exit system does.

The rules, from Regulation (EU) 2017/2226 (EES) Art. 11 and the Schengen Borders Code
(Regulation (EU) 2016/399) Art. 6(1)-(2):

* A stay runs from the day of entry to the day of exit, **both days counted** ("the date of
  entry shall be considered as the first day of stay ... and the date of exit as the last").
* The **90/180 rolling window**: on any day, the days spent on the territory in the 180 days
  ending that day may not exceed 90. limes applies it to short-stay visas (duration of stay
  of 90 days or less: every tourist visa).
* A visa's own **duration of stay** bounds the days spent on that visa (summed over all its
  entries), and its **validity** bounds the last day; a medical visa with a longer duration
  (up to 180 days of treatment) is bounded by these two only, not by the window.
* A national of this node's state has no limit.

The *authorised until* day is the last day on which the traveller may still be here; after it
every day is a day of overstay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from limes.crossings.model import Direction, Movement, VisaTerms

WINDOW_DAYS = 180
WINDOW_LIMIT_DAYS = 90
SHORT_STAY_MAX_DAYS = 90


@dataclass(frozen=True, slots=True)
class Stay:
    """Days on the territory: ``exit_day`` None while the traveller is still here."""

    entry_day: date
    exit_day: date | None
    visa: VisaTerms | None

    def days(self, until: date) -> list[date]:
        last = self.exit_day or until
        return [self.entry_day + timedelta(days=n) for n in range((last - self.entry_day).days + 1)]


@dataclass(frozen=True, slots=True)
class StayStatus:
    """Where a traveller stands on ``today``."""

    present: bool
    authorised_until: date | None  # None: no limit (a national) or not present
    remaining_days: int | None
    overstay_days: int


def stays_of(movements: Sequence[Movement]) -> list[Stay]:
    """Pair entries with the exits that follow them, in time order. An exit with no entry
    before it (the entry was before limes) opens nothing; a second entry with no exit
    between closes the earlier stay on the day before (the record is incomplete)."""
    stays: list[Stay] = []
    open_entry: Movement | None = None
    for movement in sorted(movements, key=lambda m: m.at):
        day = movement.at.date()
        if movement.direction is Direction.ENTRY:
            if open_entry is not None:
                stays.append(
                    Stay(open_entry.at.date(), max(open_entry.at.date(), day - timedelta(days=1)),
                         open_entry.visa)
                )  # fmt: skip
            open_entry = movement
        elif open_entry is not None:
            stays.append(Stay(open_entry.at.date(), day, open_entry.visa))
            open_entry = None
    if open_entry is not None:
        stays.append(Stay(open_entry.at.date(), None, open_entry.visa))
    return stays


def authorised_until(earlier: Sequence[Stay], current: Stay) -> date | None:
    """The last day ``current`` may last, given the ``earlier`` stays; None for no limit.

    Walks forward from the entry day adding one day at a time, and stops at the first day
    that would break the visa's validity, its duration of stay, or the 90/180 window.
    """
    visa = current.visa
    if visa is None:
        return None
    used_on_visa = sum(
        len(stay.days(stay.exit_day or current.entry_day))
        for stay in earlier
        if stay.visa is not None
        and (stay.visa.issuing_state, stay.visa.visa_number)
        == (visa.issuing_state, visa.visa_number)
    )
    window = visa.duration_days <= SHORT_STAY_MAX_DAYS
    present: set[date] = set()
    if window:
        for stay in earlier:
            present.update(stay.days(stay.exit_day or current.entry_day))
    last_ok = current.entry_day - timedelta(days=1)
    day = current.entry_day
    used = used_on_visa
    while day <= visa.valid_until:
        used += 1
        if used > visa.duration_days:
            break
        present.add(day)
        if window:
            start = day - timedelta(days=WINDOW_DAYS - 1)
            if sum(1 for d in present if start <= d <= day) > WINDOW_LIMIT_DAYS:
                break
        last_ok = day
        day += timedelta(days=1)
    return last_ok


def status_on(movements: Sequence[Movement], today: date) -> StayStatus:
    """Whether the traveller is here on ``today``, until when, and by how much they overstay."""
    stays = stays_of(movements)
    if not stays or stays[-1].exit_day is not None:
        return StayStatus(False, None, None, 0)
    current = stays[-1]
    until = authorised_until(stays[:-1], current)
    if until is None:
        return StayStatus(True, None, None, 0)
    remaining = (until - today).days + 1
    return StayStatus(True, until, max(remaining, 0), max((today - until).days, 0))


def entry_allowance(movements: Sequence[Movement], visa: VisaTerms, today: date) -> date:
    """The last day a stay starting ``today`` on ``visa`` would be authorised; a day before
    ``today`` means no day is left."""
    earlier = [s for s in stays_of(movements) if s.exit_day is not None]
    until = authorised_until(earlier, Stay(today, None, visa))
    assert until is not None  # a visa always gives a bound
    return until


def overstay_at_exit(movements: Sequence[Movement], exit_day: date) -> int:
    """Days overstayed by a traveller leaving on ``exit_day`` (0 when none or a national)."""
    status = status_on(movements, exit_day)
    if not status.present or status.authorised_until is None:
        return 0
    return max((exit_day - status.authorised_until).days, 0)
