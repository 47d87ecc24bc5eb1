"""Tables, repositories and unit of work of the screening context.

A list version is stored whole (one row per entry, serialised as JSON with each name's
folded parts, script and role, so loading it keeps the roles the list gave) and never changed; the
list row says which version is *active* (what screening runs against; an import activates
the version it stores) and whether the list may be shared with the partner. Review cases
carry the hit's explanation for the reviewer; a dismissal writes a suppression record keyed
by person, list entry and the entry's fingerprint (its content version). Every import, hit,
suppression and decision goes to the hash-chained audit log in the same transaction.
Review cases and their audit trail are in :mod:`limes.screening.store_review`.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    Connection,
    func,
    insert,
    select,
    update,
)

from limes.adapters.store.unit_of_work import TransactionScope
from limes.audit.store import SqlAlchemyAuditLog
from limes.clock import Clock
from limes.errors import Conflict
from limes.screening.codec import (
    entry_from_json,
    entry_to_json,
)
from limes.screening.errors import ListInvalid, ListNotFound
from limes.screening.model import (
    ListDiff,
    ListVersion,
    StoredList,
    StoredVersion,
    WatchList,
)
from limes.screening.store_review import (
    SqlAlchemyReviewCaseRepository,
    StoreScreeningAudit,
)
from limes.screening.tables import (
    ID_CHARS,
    REFERENCE_CHARS,
    screening_entries,
    screening_list_versions,
    screening_lists,
)


class ListVersionExists(Conflict):
    """That version of that list was imported already; a version is never replaced."""

    code = "list_version_exists"


def _check_lengths(watchlist: WatchList) -> None:
    """The columns' limits, said as the model's error rather than failing in the database."""
    if len(watchlist.list_id) > ID_CHARS or len(watchlist.version) > ID_CHARS:
        raise ListInvalid(
            f"a list identifier or version has at most {ID_CHARS} characters", field="list_id"
        )
    for entry in watchlist.entries:
        if len(entry.reference) > REFERENCE_CHARS:
            raise ListInvalid(
                f"reference {entry.reference[:40]}... is longer than {REFERENCE_CHARS} characters",
                field="reference",
            )


class SqlAlchemyWatchListRepository:
    """Watch list versions (the screening port :class:`WatchListRepository`) plus the
    active version and the sharing flag of each list."""

    def __init__(self, connection: Connection, clock: Clock) -> None:
        self._c = connection
        self._clock = clock

    def add(self, watchlist: WatchList) -> None:
        """Store a new version and make it the active one; Conflict if it exists."""
        c, ref = self._c, watchlist.ref
        _check_lengths(watchlist)
        found = c.execute(
            select(screening_list_versions.c.version).where(
                screening_list_versions.c.list_id == ref.list_id,
                screening_list_versions.c.version == ref.version,
            )
        ).first()
        if found is not None:
            raise ListVersionExists(
                f"version {ref.version} of list {ref.list_id} was imported already",
                field="version",
            )
        now = self._clock.now()
        listed = c.execute(
            select(screening_lists.c.shareable).where(screening_lists.c.list_id == ref.list_id)
        ).first()
        if listed is None:
            c.execute(
                insert(screening_lists).values(
                    list_id=ref.list_id, active_version=ref.version,
                    shareable=watchlist.shareable, created_at=now,
                )
            )  # fmt: skip
        else:
            values: dict[str, Any] = {"active_version": ref.version}
            if watchlist.shareable:
                values["shareable"] = True
            c.execute(
                update(screening_lists)
                .where(screening_lists.c.list_id == ref.list_id)
                .values(**values)
            )
        position = c.execute(
            select(func.coalesce(func.max(screening_list_versions.c.position), 0)).where(
                screening_list_versions.c.list_id == ref.list_id
            )
        ).scalar_one()
        c.execute(
            insert(screening_list_versions).values(
                list_id=ref.list_id, version=ref.version, position=int(position) + 1,
                source_format=watchlist.source_format, entry_count=len(watchlist.entries),
                skipped=json.dumps(list(watchlist.skipped), ensure_ascii=False),
                imported_at=now,
            )
        )  # fmt: skip
        if watchlist.entries:
            c.execute(
                insert(screening_entries),
                [
                    {
                        "list_id": ref.list_id, "version": ref.version,
                        "reference": entry.reference, "fingerprint": entry.fingerprint(),
                        "entry": entry_to_json(entry),
                    }
                    for entry in watchlist.entries
                ],
            )  # fmt: skip

    def latest(self, list_id: str) -> WatchList | None:
        refs = self.versions(list_id)
        return self.get(refs[-1]) if refs else None

    def get(self, ref: ListVersion) -> WatchList | None:
        row = self._c.execute(
            select(screening_list_versions, screening_lists.c.shareable)
            .join(screening_lists, screening_lists.c.list_id == screening_list_versions.c.list_id)
            .where(
                screening_list_versions.c.list_id == ref.list_id,
                screening_list_versions.c.version == ref.version,
            )
        ).first()
        if row is None:
            return None
        entries = self._c.execute(
            select(screening_entries.c.entry)
            .where(
                screening_entries.c.list_id == ref.list_id,
                screening_entries.c.version == ref.version,
            )
            .order_by(screening_entries.c.reference)
        ).scalars()
        m = row._mapping
        return WatchList(
            list_id=ref.list_id,
            version=ref.version,
            entries=tuple(entry_from_json(text) for text in entries),
            source_format=m["source_format"],
            shareable=bool(m["shareable"]),
            skipped=tuple(json.loads(m["skipped"])),
        )

    def versions(self, list_id: str) -> list[ListVersion]:
        rows = self._c.execute(
            select(screening_list_versions.c.version)
            .where(screening_list_versions.c.list_id == list_id)
            .order_by(screening_list_versions.c.position)
        ).scalars()
        return [ListVersion(list_id, version) for version in rows]

    def active(self) -> list[ListVersion]:
        """The active version of every list, by list id: what screening runs against."""
        rows = self._c.execute(
            select(screening_lists.c.list_id, screening_lists.c.active_version)
            .where(screening_lists.c.active_version.is_not(None))
            .order_by(screening_lists.c.list_id)
        ).all()
        return [ListVersion(row.list_id, row.active_version) for row in rows]

    def current(self) -> list[WatchList]:
        found = (self.get(ref) for ref in self.active())
        return [watchlist for watchlist in found if watchlist is not None]

    def shareable(self) -> list[WatchList]:
        """The active version of every list marked shareable: what the partner may receive."""
        rows = self._c.execute(
            select(screening_lists.c.list_id, screening_lists.c.active_version).where(
                screening_lists.c.shareable.is_(True),
                screening_lists.c.active_version.is_not(None),
            )
        ).all()
        found = (self.get(ListVersion(row.list_id, row.active_version)) for row in rows)
        return [watchlist for watchlist in found if watchlist is not None]

    def activate(self, ref: ListVersion) -> None:
        """Make a stored version the one screened against (e.g. back to an earlier one)."""
        if ref not in self.versions(ref.list_id):
            raise ListNotFound(f"no version {ref.version} of list {ref.list_id}", field="version")
        self._c.execute(
            update(screening_lists)
            .where(screening_lists.c.list_id == ref.list_id)
            .values(active_version=ref.version)
        )

    def set_shareable(self, list_id: str, shareable: bool) -> None:
        """Mark a list shareable with the partner (or not); ListNotFound if unknown."""
        done = self._c.execute(
            update(screening_lists)
            .where(screening_lists.c.list_id == list_id)
            .values(shareable=shareable)
        )
        if done.rowcount == 0:
            raise ListNotFound(f"no list {list_id} was imported", field="list_id")

    def diff(self, old: ListVersion, new: ListVersion) -> ListDiff:
        """The difference between two stored versions from the entries' fingerprints alone
        (no entry is read whole: cheap on a large list); ListNotFound for a missing one."""
        found = {ref: self._fingerprints(ref) for ref in (old, new)}
        for ref, prints in found.items():
            if prints is None:
                raise ListNotFound(f"no version {ref.version} of list {ref.list_id}")
        before, after = found[old] or {}, found[new] or {}
        return ListDiff(
            old=old, new=new,
            added=tuple(sorted(after.keys() - before.keys())),
            removed=tuple(sorted(before.keys() - after.keys())),
            changed=tuple(sorted(r for r in after.keys() & before.keys() if after[r] != before[r])),
        )  # fmt: skip

    def _fingerprints(self, ref: ListVersion) -> dict[str, str] | None:
        if ref not in self.versions(ref.list_id):
            return None
        rows = self._c.execute(
            select(screening_entries.c.reference, screening_entries.c.fingerprint).where(
                screening_entries.c.list_id == ref.list_id,
                screening_entries.c.version == ref.version,
            )
        ).all()
        return {row.reference: row.fingerprint for row in rows}

    def summary(self) -> list[StoredList]:
        """Every list with its versions, for the analyst's page and ``limes screening lists``."""
        lists = self._c.execute(select(screening_lists).order_by(screening_lists.c.list_id)).all()
        versions = self._c.execute(
            select(screening_list_versions).order_by(
                screening_list_versions.c.list_id, screening_list_versions.c.position
            )
        ).all()
        out: list[StoredList] = []
        for row in lists:
            mine = tuple(
                StoredVersion(
                    list_id=v.list_id, version=v.version, source_format=v.source_format,
                    entry_count=v.entry_count, skipped=tuple(json.loads(v.skipped)),
                    imported_at=v.imported_at, active=v.version == row.active_version,
                )
                for v in versions
                if v.list_id == row.list_id
            )  # fmt: skip
            out.append(StoredList(row.list_id, row.active_version, bool(row.shareable), mine))
        return out


class SqlAlchemyScreeningUnitOfWork(TransactionScope):
    """Lists, cases and the audit log of the screening context, on one connection."""

    lists: SqlAlchemyWatchListRepository
    cases: SqlAlchemyReviewCaseRepository
    audit: SqlAlchemyAuditLog
    trail: StoreScreeningAudit

    def _attach(self, connection: Connection) -> None:
        self.lists = SqlAlchemyWatchListRepository(connection, self._clock)
        self.cases = SqlAlchemyReviewCaseRepository(connection)
        self.audit = SqlAlchemyAuditLog(connection)
        self.trail = StoreScreeningAudit(connection, self.audit, self._clock)
