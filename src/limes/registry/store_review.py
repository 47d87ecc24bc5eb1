"""The registry's duplicate review in the relational store: the candidate index over the
name keys, the queue of suspected pairs, and the log of merges (each undoable)."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    Connection,
    RowMapping,
    func,
    insert,
    select,
    update,
)

from limes.registry.dates import PartialDate
from limes.registry.duplicates import PersonSummary
from limes.registry.model import (
    NameChain,
    Sex,
)
from limes.registry.review import FoundBy, Merge, ReviewStatus, SuspectedDuplicate
from limes.registry.tables import (
    CHUNK,
    households,
    individuals,
    merged_away,
    merges,
    name_keys,
    reviews,
)


class SqlAlchemyCandidateIndex:
    """The duplicate index: ``registry_name_keys`` joined with the individuals."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def ids_for_keys(self, keys: Collection[str], *, limit: int) -> list[str]:
        if not keys:
            return []
        hits = func.count().label("hits")
        query = (
            select(name_keys.c.individual_id, hits)
            .where(name_keys.c.key.in_(sorted(keys)))
            .where(name_keys.c.individual_id.not_in(merged_away()))
            .group_by(name_keys.c.individual_id)
            .order_by(hits.desc(), name_keys.c.individual_id)
            .limit(limit)
        )
        return [row[0] for row in self._c.execute(query)]

    def summaries(self, individual_ids: Collection[str]) -> list[PersonSummary]:
        wanted = list(individual_ids)
        found: list[PersonSummary] = []
        for start in range(0, len(wanted), CHUNK):
            query = (
                select(individuals, households.c.location_key)
                .join(households, households.c.id == individuals.c.household_id, isouter=True)
                .where(individuals.c.id.in_(wanted[start : start + CHUNK]))
            )
            for row in self._c.execute(query).mappings():
                found.append(
                    PersonSummary(
                        row["id"],
                        NameChain(*json.loads(row["name_ar"])),
                        tuple(NameChain(*c) for c in json.loads(row["names_latin"])),
                        Sex(row["sex"]),
                        PartialDate.parse(row["date_of_birth"]),
                        row["household_id"],
                        row["location_key"] or "",
                    )
                )
        order = {individual_id: i for i, individual_id in enumerate(wanted)}
        return sorted(found, key=lambda s: order[s.individual_id])


class SqlAlchemyReviewQueue:
    """Suspected pairs in ``registry_reviews``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, pair: SuspectedDuplicate) -> bool:
        if self.get(pair.pair_id) is not None:
            return False
        self._c.execute(insert(reviews).values(_pair_values(pair)))
        return True

    def get(self, pair_id: str) -> SuspectedDuplicate | None:
        row = self._c.execute(select(reviews).where(reviews.c.pair_id == pair_id)).first()
        return _pair(row._mapping) if row else None

    def save(self, pair: SuspectedDuplicate) -> None:
        values = _pair_values(pair)
        self._c.execute(update(reviews).where(reviews.c.pair_id == pair.pair_id).values(values))

    def open(self, limit: int) -> list[SuspectedDuplicate]:
        query = (
            select(reviews)
            .where(reviews.c.status == ReviewStatus.OPEN.value)
            .order_by(reviews.c.score.desc(), reviews.c.pair_id)
            .limit(limit)
        )
        return [_pair(r._mapping) for r in self._c.execute(query)]

    def count_open(self) -> int:
        query = select(func.count()).where(reviews.c.status == ReviewStatus.OPEN.value)
        return int(self._c.execute(query.select_from(reviews)).scalar_one())


def _pair_values(pair: SuspectedDuplicate) -> dict[str, Any]:
    return {
        "pair_id": pair.pair_id,
        "first_id": pair.first_id,
        "second_id": pair.second_id,
        "score": pair.score,
        "reasons": json.dumps(list(pair.reasons), ensure_ascii=False),
        "found_by": pair.found_by.value,
        "found_at": pair.found_at,
        "status": pair.status.value,
        "cluster_id": pair.cluster_id,
        "decided_by": pair.decided_by,
        "decided_at": pair.decided_at,
    }


def _pair(m: RowMapping) -> SuspectedDuplicate:
    return SuspectedDuplicate(
        m["pair_id"],
        m["first_id"],
        m["second_id"],
        float(m["score"]),
        tuple(json.loads(m["reasons"])),
        FoundBy(m["found_by"]),
        m["found_at"],
        ReviewStatus(m["status"]),
        m["cluster_id"],
        m["decided_by"],
        m["decided_at"],
    )


class SqlAlchemyMergeLog:
    """Merges in ``registry_merges``; an un-merge updates the row, never deletes it."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, merge: Merge) -> None:
        self._c.execute(insert(merges).values(_merge_values(merge)))

    def get(self, merge_id: str) -> Merge | None:
        row = self._c.execute(select(merges).where(merges.c.id == merge_id)).first()
        return _merge(row._mapping) if row else None

    def save(self, merge: Merge) -> None:
        values = _merge_values(merge)
        self._c.execute(update(merges).where(merges.c.id == merge.merge_id).values(values))

    def in_force_for(self, individual_id: str) -> Merge | None:
        query = select(merges).where(
            merges.c.merged_id == individual_id, merges.c.undone_at.is_(None)
        )
        row = self._c.execute(query).first()
        return _merge(row._mapping) if row else None

    def involving(self, individual_id: str) -> list[Merge]:
        query = select(merges).where(
            (merges.c.kept_id == individual_id) | (merges.c.merged_id == individual_id)
        )
        rows = self._c.execute(query.order_by(merges.c.merged_at, merges.c.id))
        return [_merge(r._mapping) for r in rows]


def _merge_values(merge: Merge) -> dict[str, Any]:
    return {
        "id": merge.merge_id,
        "kept_id": merge.kept_id,
        "merged_id": merge.merged_id,
        "merged_by": merge.merged_by,
        "merged_at": merge.merged_at,
        "reason": merge.reason,
        "pair_id": merge.pair_id,
        "undone_by": merge.undone_by,
        "undone_at": merge.undone_at,
        "undo_reason": merge.undo_reason,
    }


def _merge(m: RowMapping) -> Merge:
    return Merge(
        m["id"],
        m["kept_id"],
        m["merged_id"],
        m["merged_by"],
        m["merged_at"],
        m["reason"],
        m["pair_id"],
        m["undone_by"],
        m["undone_at"],
        m["undo_reason"],
    )
