"""What the registry keeps beside each person and household: consent records, life
events (births, deaths, returns, ...) and the camps and places people live in."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    Connection,
    RowMapping,
    func,
    insert,
    select,
    update,
)

from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.life_events import LifeEvent, LifeEventKind
from limes.registry.locations import CampKind, Location, LocationLevel, LocationTree
from limes.registry.tables import (
    consents,
    life_events,
    locations,
)


class SqlAlchemyConsentRepository:
    """Consent records in ``registry_consents``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, consent_id: str) -> ConsentRecord | None:
        row = self._c.execute(select(consents).where(consents.c.id == consent_id)).first()
        return _consent(row._mapping) if row else None

    def put(self, consent: ConsentRecord) -> None:
        values = {
            "id": consent.consent_id,
            "individual_id": consent.individual_id,
            "purpose": consent.purpose.value,
            "given_on": consent.given_on,
            "recorded_by": consent.recorded_by,
            "recipient_party": consent.recipient_party,
            "fields": json.dumps(sorted(consent.fields)),
            "expires_on": consent.expires_on,
            "withdrawn_on": consent.withdrawn_on,
        }
        changed = self._c.execute(
            update(consents).where(consents.c.id == values["id"]).values(values)
        )
        if changed.rowcount == 0:
            self._c.execute(insert(consents).values(values))

    def for_individual(self, individual_id: str) -> list[ConsentRecord]:
        query = select(consents).where(consents.c.individual_id == individual_id)
        rows = self._c.execute(query.order_by(consents.c.given_on, consents.c.id))
        return [_consent(r._mapping) for r in rows]


def _consent(m: RowMapping) -> ConsentRecord:
    return ConsentRecord(
        consent_id=m["id"],
        individual_id=m["individual_id"],
        purpose=ConsentPurpose(m["purpose"]),
        given_on=m["given_on"],
        recorded_by=m["recorded_by"],
        recipient_party=m["recipient_party"],
        fields=frozenset(json.loads(m["fields"])),
        expires_on=m["expires_on"],
        withdrawn_on=m["withdrawn_on"],
    )


def _life_event(m: RowMapping) -> LifeEvent:
    return LifeEvent(
        m["individual_id"],
        LifeEventKind(m["kind"]),
        m["on"],
        m["location_key"],
        m["crossing_point"],
        m["note"],
    )


class SqlAlchemyLifeEventRepository:
    """Life events in ``registry_life_events``, appended in order."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, event: LifeEvent) -> None:
        self._c.execute(
            insert(life_events).values(
                individual_id=event.individual_id,
                kind=event.kind.value,
                on=event.on,
                location_key=event.location_key,
                crossing_point=event.crossing_point,
                note=event.note,
            )
        )

    def for_individual(self, individual_id: str) -> list[LifeEvent]:
        query = select(life_events).where(life_events.c.individual_id == individual_id)
        rows = self._c.execute(query.order_by(life_events.c.on, life_events.c.sequence))
        return [_life_event(r._mapping) for r in rows]

    def recent(self, kind: LifeEventKind, *, limit: int) -> list[LifeEvent]:
        """The newest ``limit`` events of ``kind``, newest first."""
        query = (
            select(life_events)
            .where(life_events.c.kind == kind.value)
            .order_by(life_events.c.on.desc(), life_events.c.sequence.desc())
            .limit(limit)
        )
        return [_life_event(r._mapping) for r in self._c.execute(query)]

    def count(self, kind: LifeEventKind) -> int:
        query = (
            select(func.count()).select_from(life_events).where(life_events.c.kind == kind.value)
        )
        return int(self._c.execute(query).scalar_one())


class SqlAlchemyLocationRepository:
    """The location hierarchy in ``registry_locations`` (the migration stores the scenario's)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def tree(self) -> LocationTree:
        rows = self._c.execute(
            select(locations).order_by(locations.c.level, locations.c.key)
        ).mappings()
        return LocationTree(
            Location(
                r["key"],
                LocationLevel(r["level"]),
                r["name_en"],
                r["name_ar"],
                r["parent_key"],
                CampKind(r["camp_kind"]) if r["camp_kind"] else None,
            )
            for r in rows
        )

    def add(self, location: Location) -> None:
        self._c.execute(insert(locations).values(location_values(location)))


def location_values(location: Location) -> dict[str, Any]:
    """The row of ``registry_locations`` for ``location`` (used by the migration too)."""
    return {
        "key": location.key,
        "level": int(location.level),
        "name_en": location.name_en,
        "name_ar": location.name_ar,
        "parent_key": location.parent_key,
        "camp_kind": location.camp_kind.value if location.camp_kind else None,
    }
