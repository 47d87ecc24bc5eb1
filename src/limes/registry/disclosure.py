"""Statistical disclosure control for population tables.

No published cell may be a count from 1 to 4: one person, or a family, could be picked out
of it. Two methods, chosen by the publisher:

- ``round_up``: a cell from 1 to 4 is shown as 5, as UNHCR's public tables do; totals are
  then the sums of the published cells, so the table still adds up.
- ``suppress``: a cell from 1 to 4 is hidden (primary suppression) and further cells are
  hidden (secondary suppression) until no hidden cell can be worked out exactly from the
  published cells and totals. Totals stay true; where every cell of a relation is shown, the
  total is the sum of its parts.

Exact recovery is tested algebraically: a hidden cell is exposed when its unit vector lies in
the row space of the linear relations (total = sum of parts) restricted to hidden cells
(Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, section 4.4.3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from limes.registry.errors import DisclosureRisk, ReportDoesNotAddUp
from limes.registry.statistics import CELL_NAMES, GroupKey, PopulationTable, row_discrepancies

SMALL_CELL_MAX = 4
ROUNDED_VALUE = 5
TOTAL_ROW = -1
TOTAL_COLUMNS = ("f_total", "m_total", "total")
COLUMNS: tuple[str, ...] = (*CELL_NAMES, *TOTAL_COLUMNS)

CellKey = tuple[int, str]
Relation = tuple[CellKey, tuple[CellKey, ...]]


class DisclosureMethod(StrEnum):
    """How small cells are protected. Stable lowercase values."""

    ROUND_UP = "round_up"
    SUPPRESS = "suppress"


@dataclass(frozen=True)
class PublishedTable:
    """A protected table: ``values[(row, column)]`` is a count, or None when suppressed.

    Rows are ``0 .. len(keys) - 1`` and :data:`TOTAL_ROW`; columns are :data:`COLUMNS`.
    """

    keys: tuple[GroupKey, ...]
    values: Mapping[CellKey, int | None]
    method: DisclosureMethod
    reference_date: date
    title: str
    note: str

    def cell(self, row: int, column: str) -> int | None:
        return self.values[(row, column)]

    def row(self, row: int) -> dict[str, int | None]:
        """The published values of one row (or :data:`TOTAL_ROW`) by column."""
        return {column: self.values[(row, column)] for column in COLUMNS}

    @property
    def suppressed(self) -> frozenset[CellKey]:
        return frozenset(k for k, v in self.values.items() if v is None)


def relations(n_rows: int) -> list[Relation]:
    """Every "total = sum of parts" relation of a table with ``n_rows`` rows and a total row."""
    found: list[Relation] = []
    for r in (*range(n_rows), TOTAL_ROW):
        found.append(((r, "f_total"), tuple((r, c) for c in CELL_NAMES[:5])))
        found.append(((r, "m_total"), tuple((r, c) for c in CELL_NAMES[5:])))
        found.append(((r, "total"), ((r, "f_total"), (r, "m_total"))))
    for column in COLUMNS:
        found.append(((TOTAL_ROW, column), tuple((r, column) for r in range(n_rows))))
    return found


def _with_totals(parts: Sequence[Sequence[int]]) -> dict[CellKey, int]:
    values: dict[CellKey, int] = {}
    for r, counts in enumerate(parts):
        for column, count in zip(CELL_NAMES, counts, strict=True):
            values[(r, column)] = count
    for column in CELL_NAMES:
        values[(TOTAL_ROW, column)] = sum(values[(r, column)] for r in range(len(parts)))
    for r in (*range(len(parts)), TOTAL_ROW):
        values[(r, "f_total")] = sum(values[(r, c)] for c in CELL_NAMES[:5])
        values[(r, "m_total")] = sum(values[(r, c)] for c in CELL_NAMES[5:])
        values[(r, "total")] = values[(r, "f_total")] + values[(r, "m_total")]
    return values


def is_small(count: int) -> bool:
    """True for a count that may not be published: 1 to 4."""
    return 1 <= count <= SMALL_CELL_MAX


def publish(table: PopulationTable, method: DisclosureMethod) -> PublishedTable:
    """Protect ``table`` for publication, or refuse it.

    Refuses with :class:`ReportDoesNotAddUp` a table whose stated totals disagree with
    their parts (every such row is named); the result is checked by :func:`check_published`
    before it is returned.
    """
    discrepancies = row_discrepancies(table)
    if discrepancies:
        raise ReportDoesNotAddUp(
            "the report does not add up, so it is not published: "
            + "; ".join(str(d) for d in discrepancies),
            field="rows",
        )
    parts = [row.counts for row in table.rows]
    if method is DisclosureMethod.ROUND_UP:
        rounded = [[ROUNDED_VALUE if is_small(v) else v for v in counts] for counts in parts]
        values: dict[CellKey, int | None] = dict(_with_totals(rounded))
        note = "Counts from 1 to 4 are shown as 5; totals are sums of the cells shown."
    else:
        true_values = _with_totals(parts)
        hidden = suppress(true_values, relations(len(parts)))
        values = {k: (None if k in hidden else v) for k, v in true_values.items()}
        note = (
            "Counts from 1 to 4 and the cells that would reveal them are suppressed "
            "(blank); totals are true."
        )
    published = PublishedTable(
        tuple(row.key for row in table.rows),
        values,
        method,
        table.reference_date,
        table.title,
        note,
    )
    check_published(published)
    return published


def suppress(values: Mapping[CellKey, int], rels: Sequence[Relation]) -> set[CellKey]:
    """The cells to hide: every small cell, then complements until none is exposed."""
    hidden = {k for k, v in values.items() if is_small(v)}
    containing: dict[CellKey, list[Relation]] = {}
    for rel in rels:
        for cell in (rel[0], *rel[1]):
            containing.setdefault(cell, []).append(rel)
    exposed = exposed_cells(hidden, rels)
    while exposed:
        added = False
        for cell in sorted(exposed):
            if added and cell not in exposed_cells(hidden, containing[cell]):
                continue  # a complement chosen earlier in this pass may have covered it
            hidden.add(_complement(cell, values, hidden, containing))
            added = True
        exposed = exposed_cells(hidden, rels)
    return hidden


def _complement(
    cell: CellKey,
    values: Mapping[CellKey, int],
    hidden: set[CellKey],
    containing: Mapping[CellKey, list[Relation]],
) -> CellKey:
    # Hide a shown cell that shares a relation with the exposed one, choosing, in order:
    # an inner cell over a total; one whose other relations already hold a hidden cell (so
    # no new cell is exposed); a non-zero count; the smallest (Hundepool 2012, 4.4.3).
    candidates = {
        c for total, parts in containing[cell] for c in (total, *parts) if c not in hidden
    }
    if not candidates:
        raise DisclosureRisk(f"cell {cell} cannot be protected", field="rows")

    def newly_alone(c: CellKey) -> int:
        return sum(
            1 for total, parts in containing[c] if not any(x in hidden for x in (total, *parts))
        )

    def cost(c: CellKey) -> tuple[bool, bool, int, bool, int, CellKey]:
        return (
            c[0] == TOTAL_ROW,
            c[1] in TOTAL_COLUMNS,
            newly_alone(c),
            values[c] == 0,
            values[c],
            c,
        )

    return min(candidates, key=cost)


def exposed_cells(hidden: set[CellKey], rels: Sequence[Relation]) -> set[CellKey]:
    """The hidden cells that the shown cells and the relations determine exactly."""
    index = {cell: i for i, cell in enumerate(sorted(hidden))}
    cells = sorted(hidden)
    basis: dict[int, dict[int, Fraction]] = {}
    for total, parts in rels:
        row: dict[int, Fraction] = {}
        for cell, coefficient in ((total, 1), *((p, -1) for p in parts)):
            i = index.get(cell)
            if i is not None:
                row[i] = row.get(i, Fraction(0)) + coefficient
        _reduce_into(basis, {k: v for k, v in row.items() if v})
    return {cells[p] for p, row in basis.items() if len(row) == 1}


def _reduce_into(basis: dict[int, dict[int, Fraction]], row: dict[int, Fraction]) -> None:
    # Keep ``basis`` in reduced row echelon form: each row has a pivot (coefficient 1) that
    # no other row contains, so a unit row means that hidden cell is determined.
    for pivot in [k for k in row if k in basis]:
        factor = row.get(pivot)
        if not factor:
            continue
        for k, v in basis[pivot].items():
            new = row.get(k, Fraction(0)) - factor * v
            if new:
                row[k] = new
            else:
                row.pop(k, None)
    if not row:
        return
    pivot = min(row)
    scale = row[pivot]
    row = {k: v / scale for k, v in row.items()}
    for other in basis.values():
        factor = other.get(pivot)
        if factor:
            for k, v in row.items():
                new = other.get(k, Fraction(0)) - factor * v
                if new:
                    other[k] = new
                else:
                    other.pop(k, None)
    basis[pivot] = row


def check_published(published: PublishedTable) -> None:
    """Refuse a table that shows a small cell, does not add up, or exposes a hidden cell."""
    small = sorted(k for k, v in published.values.items() if v is not None and is_small(v))
    if small:
        raise DisclosureRisk(f"cells {small} show counts from 1 to 4", field="rows")
    rels = relations(len(published.keys))
    for total, parts in rels:
        shown = [published.values[c] for c in (total, *parts)]
        if all(v is not None for v in shown) and shown[0] != sum(v or 0 for v in shown[1:]):
            raise ReportDoesNotAddUp(
                f"total {total} is {shown[0]} but its parts add up to "
                f"{sum(v or 0 for v in shown[1:])}",
                field="rows",
            )
    exposed = exposed_cells(set(published.suppressed), rels)
    if exposed:
        raise DisclosureRisk(
            f"hidden cells {sorted(exposed)} can be worked out from the totals", field="rows"
        )
