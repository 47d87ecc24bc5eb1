"""Reading outbound texts for registered people: identifiers through any separators, names
across scripts and in any order, and nothing found where nobody is named."""

from __future__ import annotations

from datetime import date

from limes.names import normalise, parts_in_text
from limes.registry.dates import PartialDate
from limes.registry.exposure import (
    exposures,
    identifiers_in,
    lookup_terms,
    name_keys_in,
    normalise_identifier,
    scan,
    texts_of,
)
from limes.registry.lifecycle import Status
from limes.registry.model import Document, DocumentKind, Individual, NameChain, Sex


def refugee() -> Individual:
    return Individual.register(
        individual_id="SYR-HOL-000123",
        household_id="HH-77001",
        sex=Sex.FEMALE,
        date_of_birth=PartialDate.parse("1990-02-01"),
        country_of_origin="SYR",
        nationality="SYR",
        name_ar=NameChain("فاطمة", "أحمد", "", "الحسن"),
        names_latin=[NameChain("Fatima", "Ahmad", "", "al-Hassan")],
        registered_on=date(2019, 6, 1),
        status=Status.REFUGEE,
        reason="registered",
        documents=[Document(DocumentKind.PASSPORT, "N0123456", "SYR")],
    )


def found_in(**content: object) -> set[tuple[str, str]]:
    scanned = scan(texts_of(content, "content"))
    return {(e.path, e.what) for e in exposures(refugee(), scanned)}


def test_an_identifier_is_found_whatever_separates_or_cases_it() -> None:
    assert normalise_identifier("syr-hol 000123") == "SYRHOL000123"
    assert "SYRHOL000123" in identifiers_in("case of syr/hol/000123, seen twice")
    assert found_in(notes="registration syr hol 000123") == {("content.notes", "registration id")}
    assert found_in(hit={"passport": "n 0123 456"}) == {("content.hit.passport", "document number")}
    assert found_in(household=["hh-77001"]) == {("content.household[0]", "household id")}


def test_a_name_is_found_in_the_other_script_and_in_any_order() -> None:
    assert found_in(notes="Met al-Hassan, Fatima near the fence") == {("content.notes", "name")}
    assert found_in(notes="قابلنا فاطمة الحسن عند المعبر") == {("content.notes", "name")}
    assert found_in(name="FATIMA AHMED") == {("content.name", "name")}


def test_a_key_of_the_content_is_read_too() -> None:
    assert found_in(**{"Fatima al-Hassan": "seen"}) == {("content.Fatima al-Hassan", "name")}


def test_one_part_of_a_name_or_another_persons_name_exposes_nobody() -> None:
    assert found_in(notes="Fatima crossed at dawn") == set()
    assert found_in(notes="Omar Khatib, passport N0999999, case SYR-HOL-000124") == set()
    assert found_in(chainage_m=41250.0, time="2026-11-25T12:00:00Z", sector="S07") == set()


def test_the_store_is_asked_for_the_keys_a_registered_name_is_filed_under() -> None:
    words = parts_in_text("report on Fatima al-Hassan")
    filed = normalise("Fatima al-Hassan")
    given, family = filed.parts[0].key, filed.parts[-1].key
    assert f"gl|{given}|{family}" in name_keys_in(words)
    identifiers, keys = lookup_terms(scan([("notes", "N0123456 Fatima al-Hassan")]))
    assert "N0123456" in identifiers
    assert f"gl|{given}|{family}" in keys
