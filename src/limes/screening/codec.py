"""How screening entries and hits are written as JSON in the store, and read back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from limes.names import NamePart, NameParts, PartMatch, Script
from limes.names import Role as NameRole
from limes.names.parts import part_from_text
from limes.screening.matching import Hit
from limes.screening.model import (
    AliasQuality,
    DateOfBirth,
    IdentityDocument,
    ListedName,
    ListEntry,
    Sex,
)


def _part_to_json(part: NamePart) -> list[Any]:
    return [part.text, part.script.value, part.role.value, part.had_article]


def _part_from_json(data: list[Any]) -> NamePart:
    """The part rebuilt through the normaliser from its folded text, script and role, so
    that its derived fields (skeletons, keys, identity) are those of the running limes."""
    text, script, role, had_article = data
    part = part_from_text(text, Script(script), NameRole(role))
    return replace(part, had_article=True) if had_article else part


def entry_to_json(entry: ListEntry) -> str:
    """A list entry as JSON, its names with their normalised parts (read back as they were)."""
    data = {
        "reference": entry.reference,
        "names": [
            {"text": n.text, "quality": n.quality.value, "original": n.parts.original,
             "parts": [_part_to_json(p) for p in n.parts.parts]}
            for n in entry.names
        ],
        "dob": [
            [d.exact.isoformat() if d.exact else None, d.year_from, d.year_to]
            for d in entry.dates_of_birth
        ],
        "nationalities": list(entry.nationalities),
        "sex": entry.sex.value if entry.sex else None,
        "documents": [[d.kind, d.number, d.country] for d in entry.documents],
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else None,
        "remarks": entry.remarks,
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def entry_from_json(text: str) -> ListEntry:
    """The entry :func:`entry_to_json` wrote."""
    data = json.loads(text)
    return ListEntry(
        reference=data["reference"],
        names=tuple(
            ListedName(
                text=n["text"], quality=AliasQuality(n["quality"]),
                parts=NameParts(n["original"], tuple(_part_from_json(p) for p in n["parts"])),
            )
            for n in data["names"]
        ),
        dates_of_birth=tuple(
            DateOfBirth(date.fromisoformat(exact) if exact else None, first, last)
            for exact, first, last in data["dob"]
        ),
        nationalities=tuple(data["nationalities"]),
        sex=Sex(data["sex"]) if data["sex"] else None,
        documents=tuple(IdentityDocument(k, n, c) for k, n, c in data["documents"]),
        listed_on=date.fromisoformat(data["listed_on"]) if data["listed_on"] else None,
        remarks=data["remarks"],
    )  # fmt: skip


def _role_of(match: PartMatch) -> str:
    either = match.listed or match.query
    return either.role.value if either else "unknown"


def hit_to_json(hit: Hit, query: Mapping[str, str]) -> str:
    """A hit's score and explanation, part by part, as the reviewer's queue shows them."""
    why = hit.explanation
    return json.dumps(
        {
            "query": dict(query),
            "list_id": hit.list_version.list_id, "list_version": hit.list_version.version,
            "reference": hit.reference, "score": round(hit.score, 4),
            "status": hit.status.value, "matched_name": why.matched_name,
            "alias_quality": why.alias_quality.value, "name_score": round(why.name.score, 4),
            "parts": [
                {"query": m.query.text if m.query else None,
                 "listed": m.listed.text if m.listed else None,
                 "role": _role_of(m),
                 "similarity": round(m.similarity, 3), "verdict": m.verdict.value}
                for m in why.name.matches
            ],
            "date_of_birth": why.date_of_birth.value, "nationality": why.nationality.value,
            "sex": why.sex.value, "lines": why.describe(),
        },
        ensure_ascii=False,
    )  # fmt: skip
