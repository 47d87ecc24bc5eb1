from __future__ import annotations

from datetime import date

import highspy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from limes.registry.disclosure import (
    COLUMNS,
    TOTAL_ROW,
    DisclosureMethod,
    PublishedTable,
    check_published,
    publish,
)
from limes.registry.errors import DisclosureRisk, ReportDoesNotAddUp
from limes.registry.statistics import (
    CELL_NAMES,
    GroupKey,
    PopulationRow,
    PopulationTable,
    PopulationType,
    check_stated_total,
    require_adds_up,
)

ON = date(2025, 12, 31)
F_CELLS, M_CELLS = CELL_NAMES[:5], CELL_NAMES[5:]


def table_of(
    rows: list[tuple[int, ...]], stated: list[int | None] | None = None
) -> PopulationTable:
    stated = stated or [None] * len(rows)
    return PopulationTable(
        tuple(
            PopulationRow(
                GroupKey("SYR", "IRQ", PopulationType.REF, f"loc-{i}", f"Loc {i}"), counts, total
            )
            for i, (counts, total) in enumerate(zip(rows, stated, strict=True))
        ),
        ON,
    )


SMALL_TABLE = table_of(
    [
        (3, 10, 12, 40, 7, 9, 11, 13, 30, 2),
        (20, 30, 12, 40, 7, 9, 11, 13, 30, 8),
        (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
        (25, 31, 14, 44, 9, 12, 10, 17, 35, 6),
    ]
)


def attacker_equations(n_rows: int) -> list[tuple[tuple[int, str], list[tuple[int, str]]]]:
    """What anyone reading the table knows: each total is the sum of its parts."""
    rows = [*range(n_rows), TOTAL_ROW]
    equations = []
    for r in rows:
        equations.append(((r, "f_total"), [(r, c) for c in F_CELLS]))
        equations.append(((r, "m_total"), [(r, c) for c in M_CELLS]))
        equations.append(((r, "total"), [(r, "f_total"), (r, "m_total")]))
    for c in COLUMNS:
        equations.append(((TOTAL_ROW, c), [(r, c) for r in range(n_rows)]))
    return equations


def recover_by_difference(published: PublishedTable) -> dict[tuple[int, str], int]:
    """The attack: solve every total with a single hidden part, repeat until stuck."""
    known = {k: v for k, v in published.values.items() if v is not None}
    recovered: dict[tuple[int, str], int] = {}
    progress = True
    while progress:
        progress = False
        for total, parts in attacker_equations(len(published.keys)):
            cells = [total, *parts]
            hidden = [c for c in cells if c not in known]
            if len(hidden) != 1:
                continue
            (cell,) = hidden
            shown_parts = sum(known[p] for p in parts if p in known)
            value = shown_parts if cell == total else known[total] - shown_parts
            known[cell] = recovered[cell] = value
            progress = True
    return recovered


def recoverable_by_algebra(published: PublishedTable) -> set[tuple[int, str]]:
    """A stronger attack: a hidden cell is determined when its unit vector lies in the row
    space of the equations restricted to hidden cells (any combination of totals)."""
    hidden = sorted(published.suppressed)
    if not hidden:
        return set()
    index = {cell: i for i, cell in enumerate(hidden)}
    matrix = []
    for total, parts in attacker_equations(len(published.keys)):
        row = np.zeros(len(hidden))
        for cell, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if cell in index:
                row[index[cell]] += sign
        if row.any():
            matrix.append(row)
    a = np.array(matrix) if matrix else np.zeros((0, len(hidden)))
    rank = np.linalg.matrix_rank(a) if len(a) else 0
    found = set()
    for cell, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1.0
        if len(a) and np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.add(cell)
    return found


def bounds_by_linear_programming(
    published: PublishedTable,
) -> dict[tuple[int, str], tuple[float, float]]:
    """The strongest attack on a suppressed table: the least and greatest value each hidden
    cell can take, given every published count, every total and that counts are >= 0."""
    hidden = sorted(published.suppressed)
    index = {cell: i for i, cell in enumerate(hidden)}
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    n = len(hidden)
    highs.addVars(n, np.zeros(n), np.full(n, highspy.kHighsInf))
    for total, parts in attacker_equations(len(published.keys)):
        coefficients: dict[int, float] = {}
        constant = 0.0
        for cell, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if cell in index:
                coefficients[index[cell]] = coefficients.get(index[cell], 0.0) + sign
            else:
                constant += sign * (published.values[cell] or 0)
        if any(coefficients.values()):
            cols = np.array(list(coefficients), dtype=np.int32)
            vals = np.array([coefficients[c] for c in coefficients])
            highs.addRow(-constant, -constant, len(cols), cols, vals)
    found = {}
    for cell, i in index.items():
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        highs.changeColCost(i, 1.0)
        ends = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            highs.changeObjectiveSense(sense)
            highs.run()
            status = highs.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                ends.append(highs.getInfo().objective_function_value)
            else:  # unbounded: nothing caps the cell from that side
                ends.append(float("inf"))
        found[cell] = (ends[0], ends[1])
    return found


def true_values(rows: list[tuple[int, ...]]) -> dict[tuple[int, str], int]:
    values: dict[tuple[int, str], int] = {}
    for r, counts in enumerate(rows):
        values.update({(r, c): v for c, v in zip(CELL_NAMES, counts, strict=True)})
    for c in CELL_NAMES:
        values[(TOTAL_ROW, c)] = sum(values[(r, c)] for r in range(len(rows)))
    for r in (*range(len(rows)), TOTAL_ROW):
        values[(r, "f_total")] = sum(values[(r, c)] for c in F_CELLS)
        values[(r, "m_total")] = sum(values[(r, c)] for c in M_CELLS)
        values[(r, "total")] = values[(r, "f_total")] + values[(r, "m_total")]
    return values


def published_cells(published: PublishedTable) -> list[int]:
    return [v for v in published.values.values() if v is not None]


@pytest.mark.parametrize("method", list(DisclosureMethod))
def test_no_published_cell_is_from_one_to_four(method: DisclosureMethod) -> None:
    published = publish(SMALL_TABLE, method)
    assert not [v for v in published_cells(published) if 1 <= v <= 4]


def test_rounding_shows_small_cells_as_five_and_totals_as_sums_of_what_is_shown() -> None:
    published = publish(SMALL_TABLE, DisclosureMethod.ROUND_UP)
    assert published.cell(0, "f_0_4") == 5
    assert published.cell(0, "m_60") == 5
    assert published.cell(2, "f_18_59") == 5
    assert published.cell(0, "f_total") == 5 + 10 + 12 + 40 + 7
    for r in (*range(4), TOTAL_ROW):
        row = published.row(r)
        assert row["f_total"] == sum(row[c] or 0 for c in F_CELLS)
        assert row["total"] == (row["f_total"] or 0) + (row["m_total"] or 0)


def test_primary_suppression_alone_gives_hidden_cells_away_by_difference() -> None:
    # The attack works: hiding only the small cells of row 0 lets totals reveal them.
    values: dict[tuple[int, str], int | None] = dict(
        publish(SMALL_TABLE, DisclosureMethod.ROUND_UP).values
    )
    true = SMALL_TABLE.rows[0].counts
    values[(0, "f_0_4")] = None
    values[(0, "f_total")] = true[0] + 10 + 12 + 40 + 7
    naive = PublishedTable(
        tuple(r.key for r in SMALL_TABLE.rows), values, DisclosureMethod.SUPPRESS, ON, "", ""
    )
    assert recover_by_difference(naive)[(0, "f_0_4")] == 3


def test_an_attempt_to_recover_a_suppressed_cell_by_difference_fails() -> None:
    published = publish(SMALL_TABLE, DisclosureMethod.SUPPRESS)
    assert {(0, "f_0_4"), (0, "m_60"), (2, "f_18_59")} <= published.suppressed
    assert recover_by_difference(published) == {}
    assert recoverable_by_algebra(published) == set()
    bounds = bounds_by_linear_programming(published)
    low, high = bounds[(0, "f_0_4")]
    assert low < 3 <= high  # even with every total and non-negativity, 3 is not pinned
    assert all(high - low >= 1 for low, high in bounds.values())


def test_suppressed_tables_keep_true_totals_that_add_up_where_shown() -> None:
    published = publish(SMALL_TABLE, DisclosureMethod.SUPPRESS)
    assert published.cell(1, "total") == sum(SMALL_TABLE.rows[1].counts)
    for total, parts in attacker_equations(len(published.keys)):
        shown = [published.values[c] for c in (total, *parts)]
        if all(v is not None for v in shown):
            assert shown[0] == sum(v or 0 for v in shown[1:])


counts = st.lists(
    st.tuples(*[st.sampled_from([0, 0, 1, 2, 3, 4, 5, 7, 12, 40, 250])] * 10),
    min_size=1,
    max_size=7,
)


@settings(max_examples=150, deadline=None)
@given(counts)
def test_any_table_is_published_without_small_cells_or_recoverable_ones(
    rows: list[tuple[int, ...]],
) -> None:
    table = table_of(rows)
    suppressed = publish(table, DisclosureMethod.SUPPRESS)
    assert not [v for v in published_cells(suppressed) if 1 <= v <= 4]
    assert recover_by_difference(suppressed) == {}
    assert recoverable_by_algebra(suppressed) == set()
    # A hidden zero may be pinned (a zero gives nobody away); a hidden small count may not.
    true = true_values(rows)
    pinned = {
        cell: (low, high)
        for cell, (low, high) in bounds_by_linear_programming(suppressed).items()
        if high - low < 1 and 1 <= true[cell] <= 4
    }
    assert pinned == {}
    rounded = publish(table, DisclosureMethod.ROUND_UP)
    assert not [v for v in published_cells(rounded) if 1 <= v <= 4]
    assert rounded.cell(TOTAL_ROW, "total") == sum(
        rounded.cell(r, "total") or 0 for r in range(len(rows))
    )


def test_a_table_whose_stated_total_disagrees_is_refused_with_a_clear_message() -> None:
    table = table_of([(10,) * 10, (20,) * 10], stated=[100, 250])
    with pytest.raises(ReportDoesNotAddUp) as refused:
        publish(table, DisclosureMethod.ROUND_UP)
    assert "stated total 250 is not the sum of its parts 200" in refused.value.message
    assert "Loc 0" not in refused.value.message


def test_the_articles_total_is_noticed_as_not_the_sum_of_its_parts() -> None:
    parts = {"refugees": 18_817, "asylum_seekers": 18_664, "others_of_concern": 7_879}
    found = check_stated_total(parts, 45_418, label="Syria, 2018 (article)")
    assert found is not None
    assert (found.sum_of_parts, found.difference) == (45_360, 58)
    with pytest.raises(ReportDoesNotAddUp) as refused:
        require_adds_up(parts, 45_418)
    assert "45,418" in refused.value.message
    assert "45,360" in refused.value.message
    assert check_stated_total(parts, 45_360) is None


def test_a_tampered_table_that_shows_a_small_cell_is_refused() -> None:
    published = publish(SMALL_TABLE, DisclosureMethod.SUPPRESS)
    values = dict(published.values)
    values[(0, "f_0_4")] = 3
    tampered = PublishedTable(published.keys, values, published.method, ON, "", "")
    with pytest.raises(DisclosureRisk):
        check_published(tampered)
