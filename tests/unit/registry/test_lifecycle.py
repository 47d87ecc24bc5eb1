from __future__ import annotations

from datetime import date

import pytest

from limes.errors import Invalid
from limes.registry.errors import ImpossibleDate, StatusChangeNotAllowed
from limes.registry.lifecycle import ALLOWED_TRANSITIONS, Status, StatusHistory

S = Status
ALLOWED = [
    (S.ASYLUM_SEEKER, S.REFUGEE),
    (S.ASYLUM_SEEKER, S.OTHER_OF_CONCERN),
    (S.ASYLUM_SEEKER, S.RETURNEE),
    (S.REFUGEE, S.RETURNEE),
    (S.OTHER_OF_CONCERN, S.REFUGEE),
    (S.RETURNEE, S.ASYLUM_SEEKER),
]
REFUSED = [
    (S.REFUGEE, S.ASYLUM_SEEKER),
    (S.REFUGEE, S.OTHER_OF_CONCERN),
    (S.REFUGEE, S.REFUGEE),
    (S.RETURNEE, S.REFUGEE),
    (S.RETURNEE, S.RETURNEE),
]


def history_at(status: Status) -> StatusHistory:
    history = StatusHistory()
    path = {
        S.ASYLUM_SEEKER: [S.ASYLUM_SEEKER],
        S.REFUGEE: [S.REFUGEE],
        S.OTHER_OF_CONCERN: [S.OTHER_OF_CONCERN],
        S.RETURNEE: [S.REFUGEE, S.RETURNEE],
    }[status]
    for step in path:
        history.change(step, date(2015, 1, 1), "setup")
    return history


@pytest.mark.parametrize(("start", "end"), ALLOWED)
def test_the_lifecycle_allows_the_usual_changes(start: Status, end: Status) -> None:
    history = history_at(start)
    change = history.change(end, date(2020, 5, 1), "decision of 1 May 2020")
    assert (change.previous, change.status) == (start, end)
    assert history.current is end


@pytest.mark.parametrize(("start", "end"), REFUSED)
def test_a_change_the_lifecycle_does_not_allow_is_refused_naming_status(
    start: Status, end: Status
) -> None:
    history = history_at(start)
    with pytest.raises(StatusChangeNotAllowed) as refused:
        history.change(end, date(2020, 5, 1), "a reason")
    assert refused.value.field == "status"
    assert history.current is start


def test_nobody_is_first_registered_as_a_returnee() -> None:
    assert S.RETURNEE not in ALLOWED_TRANSITIONS[None]
    with pytest.raises(StatusChangeNotAllowed):
        StatusHistory().change(S.RETURNEE, date(2020, 1, 1), "came back")


def test_a_change_needs_a_reason() -> None:
    with pytest.raises(Invalid) as refused:
        history_at(S.ASYLUM_SEEKER).change(S.REFUGEE, date(2020, 1, 1), "  ")
    assert refused.value.field == "reason"


def test_a_change_dated_before_the_last_one_is_refused() -> None:
    history = history_at(S.ASYLUM_SEEKER)
    with pytest.raises(ImpossibleDate) as refused:
        history.change(S.REFUGEE, date(2010, 1, 1), "recognised")
    assert refused.value.field == "effective_on"


def test_the_history_answers_for_any_day() -> None:
    history = StatusHistory()
    history.change(S.ASYLUM_SEEKER, date(2014, 3, 1), "claim")
    history.change(S.REFUGEE, date(2016, 9, 1), "recognised")
    assert history.on(date(2014, 2, 28)) is None
    assert history.on(date(2015, 1, 1)) is S.ASYLUM_SEEKER
    assert history.on(date(2016, 9, 1)) is S.REFUGEE
    assert [c.reason for c in history.changes] == ["claim", "recognised"]
