"""UNHCR's figures for the scenario's camps."""

from __future__ import annotations

import pytest

from limes.geo import AGE_BANDS, CampPopulation, camp_population, load_places

rows = camp_population()


def test_every_camp_in_iraq_has_a_unhcr_figure() -> None:
    iraq_camps = {p.key for p in load_places() if p.kind == "camp" and p.party == ("IRQ",)}
    assert iraq_camps <= {row.camp_key for row in rows}


def test_the_camps_unhcr_does_not_list_have_no_row() -> None:
    # Newroz and Roj are not in UNHCR's 2025 demographics for Iraq and Syria.
    assert not {"newroz", "roj"} & {row.camp_key for row in rows}


def test_every_row_names_unhcr_as_its_source() -> None:
    assert rows
    assert all(row.source == "UNHCR Refugee Data Finder, CC BY 4.0" for row in rows)


@pytest.mark.parametrize(
    "row", [r for r in rows if r.female is not None], ids=lambda r: f"{r.camp_key}-{r.pop_type}"
)
def test_the_age_bands_add_up_to_each_sex_and_the_sexes_to_the_total(
    row: CampPopulation,
) -> None:
    assert row.female is not None
    assert row.male is not None
    assert set(row.female) == set(AGE_BANDS)
    assert sum(row.female.values()) == row.female_total
    assert sum(row.male.values()) == row.male_total
    assert row.female_total is not None
    assert row.male_total is not None
    assert row.female_total + row.male_total == row.total


def test_al_hol_has_a_total_but_no_breakdown() -> None:
    (al_hol,) = [row for row in rows if row.camp_key == "al-hol"]
    assert al_hol.total > 0
    assert al_hol.female is None
    assert al_hol.male_total is None
    assert (al_hol.origin, al_hol.asylum, al_hol.pop_type) == ("IRQ", "SYR", "OOC")


def test_domiz_is_the_largest_camp() -> None:
    refugees = {row.camp_key: row.total for row in rows if row.pop_type == "REF"}
    assert max(refugees, key=refugees.__getitem__) == "domiz"
