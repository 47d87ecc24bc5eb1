"""List versions and diffs, review cases, suppression of dismissed repeats, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from limes.errors import Invalid
from limes.screening import ScreeningQuery, diff_lists
from limes.screening.errors import ListInvalid, ListNotFound, ReviewCaseClosed, ReviewCaseNotFound
from limes.screening.importers import read_un_xml
from limes.screening.model import ListVersion
from limes.screening.review import CaseStatus, ReviewAction
from limes.screening.services import (
    build_index,
    compare_versions,
    decide_case,
    import_list,
    list_versions,
    screen_person,
)

QUERY = ScreeningQuery.of("Kasim Hussein al-Mekdad", date_of_birth=date(1975, 6, 14))


def changed_sample(sample: bytes) -> bytes:
    return (
        sample.replace(b'dateGenerated="2026-11-01', b'dateGenerated="2026-11-08')
        .replace(b"<COMMENTS1>Invented test person.", b"<COMMENTS1>Invented, amended.")
        .replace(b">QDi.902</REFERENCE_NUMBER>", b">QDi.903</REFERENCE_NUMBER>")
    )  # fmt: skip


def test_a_diff_names_added_removed_and_changed_entries(un_sample: bytes) -> None:
    old, new = read_un_xml(un_sample), read_un_xml(changed_sample(un_sample))
    diff = diff_lists(old, new)
    assert (diff.added, diff.removed, diff.changed) == (("QDi.903",), ("QDi.902",), ("QDi.901",))
    assert diff_lists(old, old).unchanged


def test_lists_with_different_ids_cannot_be_compared(un_sample: bytes) -> None:
    old = read_un_xml(un_sample)
    with pytest.raises(ListInvalid):
        diff_lists(replace(old, list_id="other"), old)


def test_importing_stores_a_version_reports_the_diff_and_audits(
    un_sample, lists, audit, clock
) -> None:
    first = import_list(lists, audit, clock, data=un_sample, list_format="un_sc_xml",
                        list_id="un-sc", actor="analyst")  # fmt: skip
    second = import_list(lists, audit, clock, data=changed_sample(un_sample),
                         list_format="un_sc_xml", list_id="un-sc", actor="analyst")  # fmt: skip
    assert first.diff.added == ("QDi.901", "QDi.902")
    assert second.diff.changed == ("QDi.901",)
    assert len(lists.versions("un-sc")) == 2
    assert audit.actions() == ["screening.list_imported"] * 2


def screen(lists, cases, audit, clock, ids, subject: str = "IQ:A1234567"):
    return screen_person(build_index(lists), cases, audit, clock, ids, query=QUERY,
                         subject=subject, actor="officer-7")  # fmt: skip


def test_each_hit_opens_a_case_and_the_screening_is_audited(
    un_sample, lists, cases, audit, clock, ids
) -> None:
    import_list(
        lists, audit, clock, data=un_sample, list_format="un_sc_xml", list_id="un-sc", actor="a"
    )
    outcome = screen(lists, cases, audit, clock, ids)
    assert [case.reference for case in outcome.cases] == ["QDi.901"]
    assert {"screening.case_opened", "screening.screened"} <= set(audit.actions())


def test_a_dismissed_hit_does_not_return_for_the_same_person_and_entry(
    un_sample, lists, cases, audit, clock, ids
) -> None:
    import_list(
        lists, audit, clock, data=un_sample, list_format="un_sc_xml", list_id="un-sc", actor="a"
    )
    case = screen(lists, cases, audit, clock, ids).cases[0]
    decide_case(cases, audit, clock, case_id=case.case_id, action=ReviewAction.DISMISS,
                reviewer="reviewer-2", reason="different father's name on passport")  # fmt: skip
    again = screen(lists, cases, audit, clock, ids)
    assert again.cases == ()
    assert [hit.reference for hit in again.suppressed] == ["QDi.901"]
    assert "screening.hit_suppressed" in audit.actions()
    other_person = screen(lists, cases, audit, clock, ids, subject="IQ:B7654321")
    assert [case.reference for case in other_person.cases] == ["QDi.901"]


def test_a_dismissed_hit_returns_when_the_list_entry_changes(
    un_sample, lists, cases, audit, clock, ids
) -> None:
    import_list(
        lists, audit, clock, data=un_sample, list_format="un_sc_xml", list_id="un-sc", actor="a"
    )
    case = screen(lists, cases, audit, clock, ids).cases[0]
    decide_case(cases, audit, clock, case_id=case.case_id, action=ReviewAction.DISMISS,
                reviewer="reviewer-2", reason="not him")  # fmt: skip
    import_list(lists, audit, clock, data=changed_sample(un_sample), list_format="un_sc_xml",
                list_id="un-sc", actor="a")  # fmt: skip
    assert [c.reference for c in screen(lists, cases, audit, clock, ids).cases] == ["QDi.901"]


def test_escalate_then_confirm_and_a_closed_case_takes_no_more_decisions(
    un_sample, lists, cases, audit, clock, ids
) -> None:
    import_list(
        lists, audit, clock, data=un_sample, list_format="un_sc_xml", list_id="un-sc", actor="a"
    )
    case_id = screen(lists, cases, audit, clock, ids).cases[0].case_id
    escalated = decide_case(cases, audit, clock, case_id=case_id, action=ReviewAction.ESCALATE,
                            reviewer="reviewer-2", reason="")  # fmt: skip
    confirmed = decide_case(cases, audit, clock, case_id=case_id, action=ReviewAction.CONFIRM,
                            reviewer="chief-1", reason="passport number matches")  # fmt: skip
    assert (escalated.status, confirmed.status) == (CaseStatus.ESCALATED, CaseStatus.CONFIRMED)
    assert [d.reviewer for d in confirmed.decisions] == ["reviewer-2", "chief-1"]
    with pytest.raises(ReviewCaseClosed):
        decide_case(cases, audit, clock, case_id=case_id, action=ReviewAction.DISMISS,
                    reviewer="x", reason="y")  # fmt: skip
    assert audit.actions().count("screening.case_decided") == 2


def test_a_dismissal_needs_a_reason_and_an_unknown_case_is_not_found(
    un_sample, lists, cases, audit, clock, ids
) -> None:
    import_list(
        lists, audit, clock, data=un_sample, list_format="un_sc_xml", list_id="un-sc", actor="a"
    )
    case_id = screen(lists, cases, audit, clock, ids).cases[0].case_id
    with pytest.raises(Invalid) as caught:
        decide_case(cases, audit, clock, case_id=case_id, action=ReviewAction.DISMISS,
                    reviewer="reviewer-2", reason=" ")  # fmt: skip
    assert caught.value.field == "reason"
    with pytest.raises(ReviewCaseNotFound):
        decide_case(cases, audit, clock, case_id="nope", action=ReviewAction.CONFIRM,
                    reviewer="r", reason="")  # fmt: skip


def test_versions_are_listed_oldest_first_and_compared_by_reference(
    un_sample, lists, audit, clock
) -> None:
    for data in (un_sample, changed_sample(un_sample)):
        import_list(lists, audit, clock, data=data, list_format="un_sc_xml", list_id="un-sc",
                    actor="analyst")  # fmt: skip
    old, new = list_versions(lists, "un-sc")
    assert old.version.startswith("2026-11-01") and new.version.startswith("2026-11-08")
    assert compare_versions(lists, old, new).added == ("QDi.903",)


def test_an_unknown_list_or_version_is_not_found(un_sample, lists, audit, clock) -> None:
    with pytest.raises(ListNotFound):
        list_versions(lists, "un-sc")
    import_list(lists, audit, clock, data=un_sample, list_format="un_sc_xml", list_id="un-sc",
                actor="analyst")  # fmt: skip
    (only,) = list_versions(lists, "un-sc")
    with pytest.raises(ListNotFound):
        compare_versions(lists, only, ListVersion("un-sc", "1999"))


def test_a_national_csv_needs_a_version_and_keeps_the_shareable_mark(lists, audit, clock) -> None:
    data = b"reference,name\nIQ-1,Omar Jassim al-Dulaimi\n"
    with pytest.raises(ListInvalid):
        import_list(lists, audit, clock, data=data, list_format="national_csv", list_id="iq",
                    actor="analyst")  # fmt: skip
    report = import_list(lists, audit, clock, data=data, list_format="national_csv",
                         list_id="iq", version="2026-11", shareable=True,
                         actor="analyst")  # fmt: skip
    assert report.version == ListVersion("iq", "2026-11")
    stored = lists.latest("iq")
    assert stored is not None and stored.shareable
