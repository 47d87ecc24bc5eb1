"""Watchlists, their entries and versions: the pure model of the screening context.

A watchlist (the UN Security Council consolidated list, an OpenSanctions export, a national
list) is imported as one immutable *version*. An entry is a listed person: names with the
quality of each alias, dates of birth (exact, or a year, or a range of years, as the UN list
gives them), nationalities, sex and identity documents. The difference between two versions
says which entries were added, removed or changed, by reference.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from limes.names import NameParts
from limes.screening.errors import ListInvalid


class Sex(enum.StrEnum):
    """Sex as lists and travel documents state it."""

    MALE = "male"
    FEMALE = "female"


class AliasQuality(enum.StrEnum):
    """How much a listed name is to be trusted: the primary name, a good-quality alias, or a
    low-quality alias (the UN list's own terms: a low-quality a.k.a. is too broad to identify
    a person alone, so hits on it are scored lower)."""

    PRIMARY = "primary"
    GOOD = "good"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class DateOfBirth:
    """A date of birth as listed: an exact date, or a year range (one year: from == to)."""

    exact: date | None = None
    year_from: int | None = None
    year_to: int | None = None

    def __post_init__(self) -> None:
        if self.exact is None and self.year_from is None:
            raise ListInvalid("a date of birth needs a date or a year", field="date_of_birth")
        first, last = self.year_from, self.year_to
        if first is not None and last is not None and last < first:
            raise ListInvalid("the year range ends before it starts", field="date_of_birth")

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year this date of birth allows."""
        if self.exact is not None:
            return self.exact.year, self.exact.year
        first = self.year_from if self.year_from is not None else 0
        return first, self.year_to if self.year_to is not None else first

    def describe(self) -> str:
        """'1970-05-01', '1970' or '1968-1972'."""
        if self.exact is not None:
            return self.exact.isoformat()
        first, last = self.years
        return str(first) if first == last else f"{first}-{last}"


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    """A passport or national identity card named in a list entry."""

    kind: str
    number: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ListedName:
    """One name of a listed person, as written in the list, with its quality and parts."""

    text: str
    quality: AliasQuality
    parts: NameParts


@dataclass(frozen=True, slots=True)
class ListEntry:
    """A listed person. ``reference`` is the list's own identifier (e.g. QDi.999)."""

    reference: str
    names: tuple[ListedName, ...]
    dates_of_birth: tuple[DateOfBirth, ...] = ()
    nationalities: tuple[str, ...] = ()
    sex: Sex | None = None
    documents: tuple[IdentityDocument, ...] = ()
    listed_on: date | None = None
    remarks: str = ""

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise ListInvalid("a list entry needs a reference", field="reference")
        if not self.names:
            raise ListInvalid(f"entry {self.reference} has no usable name", field="names")

    def fingerprint(self) -> str:
        """SHA-256 of the entry's content: equal when nothing an officer sees has changed.

        A dismissed hit stays suppressed only while the fingerprint is the same.
        """
        content = {
            "names": [[name.text, name.quality.value] for name in self.names],
            "dob": [dob.describe() for dob in self.dates_of_birth],
            "nationalities": list(self.nationalities),
            "sex": self.sex.value if self.sex else None,
            "documents": [[d.kind, d.number, d.country] for d in self.documents],
            "listed_on": self.listed_on.isoformat() if self.listed_on else None,
            "remarks": self.remarks,
        }
        encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True, slots=True)
class ListVersion:
    """Which list, which version: what a screening result names as screened."""

    list_id: str
    version: str


@dataclass(frozen=True, slots=True)
class WatchList:
    """One imported version of a watchlist.

    ``version`` is the list's own (the UN list's dateGenerated, an export's date) or the
    importer's; ``shareable`` marks a list the partner node may receive under an agreement.
    """

    list_id: str
    version: str
    entries: tuple[ListEntry, ...]
    source_format: str
    shareable: bool = False
    skipped: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.list_id.strip():
            raise ListInvalid("a watchlist needs an identifier", field="list_id")
        if not self.version.strip():
            raise ListInvalid("a watchlist needs a version", field="version")
        seen: set[str] = set()
        for entry in self.entries:
            if entry.reference in seen:
                raise ListInvalid(f"reference {entry.reference} appears twice", field="entries")
            seen.add(entry.reference)

    @property
    def ref(self) -> ListVersion:
        """This list's identifier and version."""
        return ListVersion(self.list_id, self.version)

    def entry(self, reference: str) -> ListEntry | None:
        """The entry with that reference, or None."""
        return next((entry for entry in self.entries if entry.reference == reference), None)


@dataclass(frozen=True, slots=True)
class ListDiff:
    """What changed from one version of a list to the next, by entry reference."""

    old: ListVersion | None
    new: ListVersion
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        """True when no entry was added, removed or changed."""
        return not (self.added or self.removed or self.changed)


def diff_lists(old: WatchList | None, new: WatchList) -> ListDiff:
    """The difference between two versions of one list (``old`` None: everything is added)."""
    if old is not None and old.list_id != new.list_id:
        raise ListInvalid(
            f"cannot compare list {old.list_id} with list {new.list_id}", field="list_id"
        )
    before = {entry.reference: entry.fingerprint() for entry in old.entries} if old else {}
    after = {entry.reference: entry.fingerprint() for entry in new.entries}
    return ListDiff(
        old=old.ref if old else None,
        new=new.ref,
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(
            sorted(ref for ref in after.keys() & before.keys() if after[ref] != before[ref])
        ),
    )


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A stored list version as the analyst's page shows it."""

    list_id: str
    version: str
    source_format: str
    entry_count: int
    skipped: tuple[str, ...]
    imported_at: datetime
    active: bool


@dataclass(frozen=True, slots=True)
class StoredList:
    """A list with its versions (oldest first), the active one and the sharing flag."""

    list_id: str
    active_version: str | None
    shareable: bool
    versions: tuple[StoredVersion, ...]
