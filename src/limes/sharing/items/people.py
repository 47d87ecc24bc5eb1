"""Kinds about people: watchlist hits (screening), voluntary-return notices and population
statistics (registry).

A watchlist hit and a return notice carry personal data, every such field marked with the
registry field it would disclose, so the export guard can find a person of concern in it
and hold it to their consent. Population statistics carry counts only, after disclosure
control (no cell from 1 to 4 leaves; :mod:`limes.registry.disclosure`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from limes.sharing.agreements import DataCategory
from limes.sharing.items.base import (
    FREE_TEXT,
    Closed,
    Code,
    Note,
    Party,
    Personal,
    SharedItem,
)

Name = Annotated[str, Field(max_length=200)]
DateText = Annotated[str, Field(max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class WatchlistHit(SharedItem):
    """A hit a reviewer confirmed, on a list marked shareable with the partner: which entry
    of which list version, and whom it was found on (name, date of birth, nationality, and
    the document screened, as ``subject``)."""

    KIND: ClassVar[str] = "screening.watchlist_hit"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.WATCHLIST_HITS.value

    kind: Literal["screening.watchlist_hit"] = "screening.watchlist_hit"
    version: Literal[1] = 1
    list_id: Code
    list_version: Code
    reference: Annotated[str, Field(min_length=1, max_length=64), FREE_TEXT]
    score: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
    confirmed_at: datetime
    matched_name: Annotated[Name, Personal("names_latin")] = ""
    traveller_name: Annotated[Name, Personal("names_latin")] = ""
    date_of_birth: Annotated[DateText | None, Personal("date_of_birth")] = None
    nationality: Annotated[Party | None, Personal("nationality")] = None
    subject: Annotated[str, Field(max_length=120), Personal("documents")] = ""


class ReturnDocument(Closed):
    """A document the returnee travels with."""

    kind: Literal[
        "passport", "national_id", "family_book", "birth_certificate", "unhcr_certificate", "other"
    ]
    number: Annotated[str, Field(min_length=1, max_length=40), Personal("documents")]
    issuing_party: Party


class VoluntaryReturnNotice(SharedItem):
    """A person of concern returning of their own will, told to the state they return to
    so that it can receive them: only the fields their consent names (the guard refuses
    any other), never where they lived in refuge, their household or their grounds."""

    KIND: ClassVar[str] = "registry.voluntary_return"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.VOLUNTARY_RETURNS.value

    kind: Literal["registry.voluntary_return"] = "registry.voluntary_return"
    version: Literal[1] = 1
    return_date: Annotated[date | None, Personal("return_date")] = None
    crossing_point: Annotated[str | None, Field(max_length=100), Personal("crossing_point")] = None
    names_latin: Annotated[tuple[Name, ...], Personal("names_latin")] = ()
    name_ar: Annotated[Name, Personal("name_ar")] = ""
    sex: Annotated[Literal["female", "male"] | None, Personal("sex")] = None
    date_of_birth: Annotated[DateText | None, Personal("date_of_birth")] = None
    nationality: Annotated[Party | None, Personal("nationality")] = None
    documents: tuple[ReturnDocument, ...] = Field(default=(), max_length=10)


Cell = Annotated[int | None, Field(ge=0, le=2**53 - 1)]
"""A published count; None where disclosure control suppressed it."""


class PopulationCells(Closed):
    """Counts by sex and age band (UNHCR's columns) and their totals."""

    f_0_4: Cell
    f_5_11: Cell
    f_12_17: Cell
    f_18_59: Cell
    f_60: Cell
    m_0_4: Cell
    m_5_11: Cell
    m_12_17: Cell
    m_18_59: Cell
    m_60: Cell
    f_total: Cell
    m_total: Cell
    total: Cell


class PopulationGroup(Closed):
    """One row: who it counts (origin, asylum, population type, location) and the cells."""

    origin: Party
    asylum: Party
    population_type: Literal["REF", "ASY", "OOC", "RET"]
    location_key: Annotated[str, Field(min_length=1, max_length=200), FREE_TEXT]
    location_name: Annotated[str, Field(max_length=200), FREE_TEXT] = ""
    cells: PopulationCells


class PopulationStatistics(SharedItem):
    """A population table as published under disclosure control on ``reference_date``."""

    KIND: ClassVar[str] = "registry.population_statistics"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.POPULATION_STATISTICS.value

    kind: Literal["registry.population_statistics"] = "registry.population_statistics"
    version: Literal[1] = 1
    reference_date: date
    method: Literal["round_up", "suppress"]
    title: Note = ""
    note: Note = ""
    rows: tuple[PopulationGroup, ...] = Field(max_length=5_000)
    totals: PopulationCells
