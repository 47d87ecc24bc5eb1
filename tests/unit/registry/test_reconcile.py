from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from limes.registry.errors import FiguresUnreadable
from limes.registry.locations import LocationLevel
from limes.registry.reconcile import (
    figure_location_key,
    figures_table,
    host_figures,
    read_figures,
    reconcile,
)
from limes.registry.scenario import SCENARIO_CAMP_KEYS, scenario_tree
from limes.registry.statistics import PopulationTable, row_discrepancies


def test_the_real_figures_are_read_from_a_path(demographics_path: Path) -> None:
    figures = read_figures(demographics_path)
    assert len(figures) == 194
    domiz = next(f for f in figures if f.place_name == "Domiz" and f.origin == "SYR")
    assert (domiz.asylum, domiz.population_type) == ("IRQ", "REF")
    assert domiz.level is LocationLevel.CAMP
    assert domiz.total == 39_323
    assert domiz.counts[0] == 2_137
    syrians_in_iraq = sum(f.total for f in figures if (f.origin, f.asylum) == ("SYR", "IRQ"))
    assert syrians_in_iraq == 308_226


def test_rows_given_as_dicts_read_like_the_file(demographics_path: Path) -> None:
    with demographics_path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert read_figures(rows) == read_figures(demographics_path)


def test_every_broken_row_is_reported_naming_row_and_column(demographics_path: Path) -> None:
    with demographics_path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    rows[3]["f_0_4"] = "many"
    rows[7]["location"] = "somewhere"
    with pytest.raises(FiguresUnreadable) as refused:
        read_figures(rows)
    assert refused.value.field == "row 5: f_0_4"
    assert "row 9: location" in refused.value.message


def test_the_scenario_camps_map_to_unhcr_rows(demographics_path: Path) -> None:
    tree = scenario_tree()
    keys = {figure_location_key(f, tree) for f in host_figures(read_figures(demographics_path))}
    assert {
        "domiz",
        "darashakran",
        "kawergosk",
        "qushtapa",
        "basirma",
        "arbat",
        "akre",
        "gawilan",
        "al-hol",
    } <= keys
    assert "newroz" not in keys  # UNHCR's 2025 figures have no row for Newroz or Roj


def test_a_stated_total_without_its_parts_is_noticed(demographics_path: Path) -> None:
    figures = host_figures(read_figures(demographics_path))
    el_hol = next(f for f in figures if f.place_name == "El Hol")
    assert not el_hol.has_breakdown
    found = el_hol.discrepancies()
    assert [(d.stated_total, d.sum_of_parts) for d in found] == [(2_325, 0)]
    table = figures_table(figures, scenario_tree())
    assert [d.stated_total for d in row_discrepancies(table)] == [2_325]


def test_an_empty_registry_reconciles_with_nothing(demographics_path: Path) -> None:
    figures = read_figures(demographics_path)
    empty = PopulationTable((), date(2025, 12, 31))
    result = reconcile(empty, figures, scenario_tree())
    assert not result.exact
    assert result.missing_figures == ("newroz", "roj")
    domiz = [line for line in result.lines if line.location_key == "domiz"]
    assert len(domiz) == 10
    assert sum(line.unhcr for line in domiz) == 39_323
    assert set(SCENARIO_CAMP_KEYS) - {"newroz", "roj"} == {
        line.location_key for line in result.lines
    }


def test_unhcrs_public_figures_show_no_count_from_one_to_four(demographics_path: Path) -> None:
    cells = [v for f in read_figures(demographics_path) for v in (*f.counts, f.total)]
    assert min(v for v in cells if v > 0) == 5
    assert not [v for v in cells if 1 <= v <= 4]
