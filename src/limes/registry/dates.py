"""Partial dates of birth: year only, year and month, or a full date.

Registration often knows only the year of birth (UNHCR's registration guidance records an
estimated date when documents are missing). A :class:`PartialDate` keeps what is known and
no more; comparisons that need a day use an explicit convention, documented below.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from limes.registry.errors import ImpossibleDate

EARLIEST_YEAR = 1900
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# The day assumed when only the year (1 July) or the year and month (the 15th) is known:
# the middle of the unknown span, which halves the worst error of an age computed from it.
_MID_YEAR_MONTH = 7
_MID_MONTH_DAY = 15


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of which the month and the day may be unknown.

    Invariants: ``month`` is None or 1-12; ``day`` is None when ``month`` is None, else a
    day that exists in that month; ``year`` is 1900 or later. Breaking one raises
    :class:`ImpossibleDate` naming ``field_name`` (the field the date came from).
    """

    year: int
    month: int | None = None
    day: int | None = None
    field_name: str = dataclasses.field(default="date_of_birth", compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.year < EARLIEST_YEAR:
            raise ImpossibleDate(
                f"year {self.year} is before {EARLIEST_YEAR}", field=self.field_name
            )
        if self.month is None:
            if self.day is not None:
                raise ImpossibleDate("a day without a month", field=self.field_name)
            return
        if not 1 <= self.month <= 12:
            raise ImpossibleDate(f"month {self.month} does not exist", field=self.field_name)
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ImpossibleDate(
                    f"{self.year}-{self.month:02d} has no day {self.day}", field=self.field_name
                )

    @classmethod
    def parse(cls, text: str, *, field: str = "date_of_birth") -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; else :class:`ImpossibleDate`."""
        match = _ISO_PARTIAL.match(text.strip())
        if match is None:
            raise ImpossibleDate(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD", field=field)
        year, month, day = match.groups()
        return cls(
            int(year),
            int(month) if month else None,
            int(day) if day else None,
            field_name=field,
        )

    @classmethod
    def of(cls, value: date, *, field: str = "date_of_birth") -> PartialDate:
        """The full partial date of ``value``."""
        return cls(value.year, value.month, value.day, field_name=field)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``: how much of the date is known."""
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    def earliest(self) -> date:
        """The first day the date could be."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day the date could be."""
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def assumed(self) -> date:
        """The day used for ages: the date itself, else the 15th, else 1 July (mid-span)."""
        if self.month is None:
            return date(self.year, _MID_YEAR_MONTH, 1)
        return date(self.year, self.month, self.day or _MID_MONTH_DAY)

    def age_on(self, on: date) -> int:
        """Age in whole years on ``on``, from :meth:`assumed`; negative when born later."""
        born = self.assumed()
        before_birthday = (on.month, on.day) < (born.month, born.day)
        return on.year - born.year - int(before_birthday)

    def certainly_before(self, other: PartialDate) -> bool:
        """True when every day this date could be falls before every day ``other`` could."""
        return self.latest() < other.earliest()

    def check_not_after(self, on: date) -> None:
        """Raise :class:`ImpossibleDate` when the date certainly lies after ``on``."""
        if self.earliest() > on:
            raise ImpossibleDate(f"{self} is after {on.isoformat()}", field=self.field_name)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
