"""Bulk import of a registration file: one row per person, grouped into households.

Every row is checked before anything is stored, and every bad row is reported with its
line and the field at fault (issue #6, "Bad input"). A file that is not clean loads
nothing unless the caller asks to load the rest: then each household with no bad row is
loaded and the households with one are left out whole (half a household would break the
one-head rule and the relationships).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from limes.errors import Invalid, LimesError
from limes.registry import services
from limes.registry.dates import PartialDate
from limes.registry.lifecycle import Status
from limes.registry.locations import LocationTree
from limes.registry.model import (
    Document,
    DocumentKind,
    Household,
    Individual,
    NameChain,
    RelationshipToHead,
    Sex,
)
from limes.registry.ports import RegistryUnitOfWork

IMPORT_COLUMNS = (
    "household_id",
    "location",
    "relationship",
    "individual_id",
    "sex",
    "date_of_birth",
    "country_of_origin",
    "nationality",
    "status",
    "registered_on",
    "given_ar",
    "father_ar",
    "grandfather_ar",
    "family_ar",
    "given_latin",
    "father_latin",
    "grandfather_latin",
    "family_latin",
    "document_kind",
    "document_number",
    "document_party",
)
"""The columns of an import file, in the order :func:`person_row` writes them."""


class ImportRefused(Invalid):
    """A file with bad rows, loaded not at all; ``problems`` lists every one."""

    code = "import_refused"

    def __init__(self, problems: list[RowProblem]) -> None:
        first = problems[0]
        shown = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(
            f"{len(problems)} bad row(s), nothing loaded: {shown}{more}",
            field=f"line {first.line}: {first.field}",
        )
        self.problems = problems


@dataclass(frozen=True, slots=True)
class RowProblem:
    """What is wrong on one line of the file (line 1 is the header)."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass
class ImportReport:
    """What an import did: households and people loaded, and every problem found."""

    households: int = 0
    people: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    skipped_households: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    household_id: str
    location: str
    registered_on: date | None
    members: list[tuple[int, Individual, RelationshipToHead]] = field(default_factory=list)
    bad: bool = False


def person_row(person: Individual, household: Household) -> dict[str, str]:
    """A person as one row of an import file (the first Latin spelling, the first document)."""
    latin = person.names_latin[0] if person.names_latin else NameChain("")
    document = person.documents[0] if person.documents else None
    first_status = person.history.changes[0].status if person.history.changes else None
    return {
        "household_id": household.household_id,
        "location": household.location_key,
        "relationship": household.members[person.individual_id].value,
        "individual_id": person.individual_id,
        "sex": person.sex.value,
        "date_of_birth": str(person.date_of_birth),
        "country_of_origin": person.country_of_origin,
        "nationality": person.nationality,
        "status": first_status.value if first_status else "",
        "registered_on": person.registered_on.isoformat(),
        "given_ar": person.name_ar.given,
        "father_ar": person.name_ar.father,
        "grandfather_ar": person.name_ar.grandfather,
        "family_ar": person.name_ar.family,
        "given_latin": latin.given,
        "father_latin": latin.father,
        "grandfather_latin": latin.grandfather,
        "family_latin": latin.family,
        "document_kind": document.kind.value if document else "",
        "document_number": document.number if document else "",
        "document_party": document.issuing_party if document else "",
    }


def _enum(kind: type[Status] | type[Sex] | type[RelationshipToHead], raw: str, name: str) -> str:
    values = [v.value for v in kind]
    if raw.strip().lower() not in values:
        raise Invalid(f"{raw!r} is not one of {', '.join(values)}", field=name)
    return raw.strip().lower()


def _person(row: Mapping[str, str], household_id: str) -> tuple[Individual, RelationshipToHead]:
    registered_on = _date(row["registered_on"], "registered_on")
    documents = []
    if row["document_number"].strip():
        kind = row["document_kind"].strip() or DocumentKind.OTHER.value
        if kind not in {k.value for k in DocumentKind}:
            raise Invalid(f"{kind!r} is not a document kind", field="document_kind")
        documents.append(
            Document(DocumentKind(kind), row["document_number"].strip(), row["document_party"])
        )
    person = Individual.register(
        individual_id=row["individual_id"].strip(),
        household_id=household_id,
        sex=Sex(_enum(Sex, row["sex"], "sex")),
        date_of_birth=PartialDate.parse(row["date_of_birth"]),
        country_of_origin=row["country_of_origin"].strip(),
        nationality=row["nationality"].strip(),
        name_ar=NameChain(*(row[f"{p}_ar"].strip() for p in _PARTS)),
        names_latin=[NameChain(*(row[f"{p}_latin"].strip() for p in _PARTS))]
        if row["given_latin"].strip()
        else [],
        registered_on=registered_on,
        status=Status(_enum(Status, row["status"], "status")),
        reason="registered by bulk import",
        documents=documents,
    )
    return person, RelationshipToHead(
        _enum(RelationshipToHead, row["relationship"], "relationship")
    )


_PARTS = ("given", "father", "grandfather", "family")


def _date(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise Invalid(f"{raw!r} is not a date YYYY-MM-DD", field=name) from None


Members = list[tuple[Individual, RelationshipToHead]]


def check_rows(
    rows: Iterable[Mapping[str, str]], locations: LocationTree, known_ids: set[str]
) -> tuple[list[tuple[Household, Members]], list[RowProblem], list[str]]:
    """Check every row and every household; returns the clean households with their
    members, every problem (by line), and the ids of households left out because of one."""
    problems: list[RowProblem] = []
    drafts: dict[str, _Draft] = {}
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        missing = [c for c in IMPORT_COLUMNS if row.get(c) is None]
        if missing:
            problems.append(RowProblem(line, missing[0], "the column is missing"))
            continue
        household_id = row["household_id"].strip()
        if not household_id:
            problems.append(RowProblem(line, "household_id", "a person needs a household"))
            continue
        draft = drafts.setdefault(household_id, _Draft(household_id, row["location"].strip(), None))
        try:
            if row["location"].strip() != draft.location:
                raise Invalid("one household, one location", field="location")
            locations.get(draft.location, field="location")
            individual_id = row["individual_id"].strip()
            if individual_id in seen or individual_id in known_ids:
                where = f"line {seen[individual_id]}" if individual_id in seen else "the registry"
                raise Invalid(f"{individual_id} is in {where} already", field="individual_id")
            person, relationship = _person(row, household_id)
            seen[individual_id] = line
            first = draft.registered_on or person.registered_on
            draft.registered_on = min(first, person.registered_on)
            draft.members.append((line, person, relationship))
        except LimesError as problem:
            problems.append(RowProblem(line, problem.field or "row", problem.message))
            draft.bad = True
    clean: list[tuple[Household, Members]] = []
    skipped: list[str] = []
    for draft in drafts.values():
        if draft.bad or not draft.members or draft.registered_on is None:
            skipped.append(draft.household_id)
            continue
        members = [(p, rel) for _, p, rel in draft.members]
        try:
            household = Household.build(
                draft.household_id, draft.location, draft.registered_on, members, locations
            )
        except LimesError as problem:
            message = f"household {draft.household_id}: {problem.message}"
            problems.append(RowProblem(draft.members[0][0], problem.field or "members", message))
            skipped.append(draft.household_id)
            continue
        clean.append((household, members))
    problems.sort(key=lambda p: p.line)
    return clean, problems, skipped


def read_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV file's text (UTF-8, a header line)."""
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def import_registrations(
    uow: RegistryUnitOfWork, rows: Iterable[Mapping[str, str]], *, load_rest: bool = False
) -> ImportReport:
    """Check ``rows`` and register their households, all in one transaction.

    A file with any bad row raises :class:`ImportRefused` listing every problem and loads
    nothing, unless ``load_rest``: then the clean households are registered and the report
    lists the problems and the households left out.
    """
    rows = list(rows)
    with uow:
        ids = {(r.get("individual_id") or "").strip() for r in rows}
        known = {i for i in ids if i and uow.individuals.get(i) is not None}
        clean, problems, skipped = check_rows(rows, uow.locations.tree(), known)
        for household, _ in clean:
            if uow.households.get(household.household_id) is not None:
                problems.append(
                    RowProblem(1, "household_id", f"household {household.household_id} exists")
                )
                skipped.append(household.household_id)
        if problems and not load_rest:
            raise ImportRefused(problems)
        report = ImportReport(problems=problems, skipped_households=skipped)
        for household, members in clean:
            if household.household_id in skipped:
                continue
            # The service joins this transaction (the unit of work is re-entrant), so the
            # whole file commits once.
            services.register_household(
                uow,
                household.household_id,
                household.location_key,
                household.registered_on,
                members,
            )
            report.households += 1
            report.people += len(members)
        uow.commit()
    return report
