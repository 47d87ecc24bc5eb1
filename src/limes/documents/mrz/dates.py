"""MRZ dates: YYMMDD (Doc 9303 Part 3 §4.8) and the century each one belongs to.

The MRZ drops the century. A birth date is taken as the latest date with those digits that
is not after the reference date (people are born in the past). An expiry date is taken as
the date with those digits that lies less than ``expiry_window_years`` after the reference
date and no more than ``100 - expiry_window_years`` years before it: no travel document is
valid for half a century, so both an expired and a valid document read correctly.
"""

from __future__ import annotations

from datetime import date

DEFAULT_EXPIRY_WINDOW_YEARS = 50


class DateProblem(ValueError):
    """The six characters are not a date; the message says why."""


def _split(raw: str) -> tuple[int, int, int]:
    if len(raw) != 6 or not raw.isdigit():
        raise DateProblem(f"{raw!r} is not six digits YYMMDD")
    return int(raw[0:2]), int(raw[2:4]), int(raw[4:6])


def _build(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateProblem(f"{raw} is not a date ({error})") from error


def _check_exists(raw: str) -> None:
    # A day must exist in some century: 29 February is checked against a leap year (2000),
    # the final check happens once the century is known.
    _, month, day = _split(raw)
    if not 1 <= month <= 12:
        raise DateProblem(f"{raw} is not a date (month {month:02d} does not exist)")
    _build(2000, month, day, raw)


def birth_date(raw: str, *, reference_date: date) -> date | None:
    """The birth date written as ``raw`` (YYMMDD), or ``None`` when it is unknown.

    Part 3 §4.8: unknown parts of a birth date are written as fillers (``<<``); such a date
    has no single day, so ``None`` is returned (the raw text stays on the document).
    Raises :class:`DateProblem` when the digits do not form a date.
    """
    if "<" in raw:
        for part in (raw[0:2], raw[2:4], raw[4:6]):
            if part != "<<" and not part.isdigit():
                raise DateProblem(f"{raw} mixes digits and fillers inside one part of the date")
        return None
    _check_exists(raw)
    yy, month, day = _split(raw)
    century = reference_date.year // 100 * 100
    for year in (century + yy, century - 100 + yy):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference_date:
            return candidate
    raise DateProblem(f"{raw} is not a date in the last hundred years")


def expiry_date(
    raw: str, *, reference_date: date, expiry_window_years: int = DEFAULT_EXPIRY_WINDOW_YEARS
) -> date:
    """The expiry date written as ``raw`` (YYMMDD), its century chosen as the module says.

    Raises :class:`DateProblem` when the digits do not form a date.
    """
    _check_exists(raw)
    yy, month, day = _split(raw)
    latest = reference_date.year + expiry_window_years
    year = latest - (latest - yy) % 100
    for candidate_year in (year, year - 100):
        try:
            return date(candidate_year, month, day)
        except ValueError:
            continue
    raise DateProblem(f"{raw} is not a date")


def format_date(value: date | None) -> str:
    """``value`` as YYMMDD, or six fillers for an unknown (``None``) date."""
    if value is None:
        return "<<<<<<"
    return value.strftime("%y%m%d")
