"""What the linkage compares: each person's name chain as the shared normaliser reads it.

Each part of the chain (given, father, grandfather, family) becomes two columns: its
coarse blocking key (``limes.names``: محمد, Mohammed and Muhammad all give ``mhmt``) and
its most plausible consonant skeleton (``mhmd``), which Splink compares by edit distance.
The Arabic script form is read when there is one (it carries the consonants exactly);
otherwise the first Latin spelling. The date of birth is split into year, month and day,
each None when unknown, so a year-only date can agree with a full one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from limes.names import NameParts, Role
from limes.registry.dates import PartialDate
from limes.registry.duplicates import PersonSummary, chain_parts
from limes.registry.model import Individual

NAME_ROLES = (
    ("given", Role.GIVEN),
    ("father", Role.FATHER),
    ("grandfather", Role.GRANDFATHER),
    ("family", Role.FAMILY),
)
COLUMNS = (
    "unique_id",
    *(f"{name}_{kind}" for name, _ in NAME_ROLES for kind in ("k", "s")),
    "dob_year",
    "dob_month",
    "dob_day",
    "sex",
    "household_id",
)


def _parts(summary: PersonSummary) -> NameParts | None:
    for chain in summary.chains:
        parts = chain_parts(chain)
        if parts is not None:
            return parts
    return None


def features(summary: PersonSummary) -> dict[str, Any]:
    """The linkage columns of one person (see :data:`COLUMNS`)."""
    row: dict[str, Any] = {"unique_id": summary.individual_id}
    parts = _parts(summary)
    for name, role in NAME_ROLES:
        part = next((p for p in parts.parts if p.role is role), None) if parts else None
        row[f"{name}_k"] = part.key if part else None
        row[f"{name}_s"] = (part.skeletons[0][0] if part.skeletons else part.text) if part else None
    dob: PartialDate | None = summary.date_of_birth
    row["dob_year"] = dob.year if dob else None
    row["dob_month"] = dob.month if dob else None
    row["dob_day"] = dob.day if dob else None
    row["sex"] = summary.sex.value if summary.sex else None
    row["household_id"] = summary.household_id or None
    return row


def registry_features(people: Iterable[Individual]) -> list[dict[str, Any]]:
    """The linkage columns of every person."""
    return [features(PersonSummary.of(p)) for p in people]
