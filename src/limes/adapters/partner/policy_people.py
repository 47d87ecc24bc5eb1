"""Sources about people: confirmed watchlist hits, the month's population statistics after
disclosure control, and consented voluntary returns (see :mod:`.policy`).

Each builds only what the person's data allow before the guard is asked: a return notice
carries only the fields the returnee's consent to this partner names, and never their
registration id (the item id is a hash); statistics are published by
:func:`limes.registry.services.population_statistics` (small cells rounded up to 5).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from limes.adapters.partner.policy_source import SourceContext
from limes.registry import services as registry
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.disclosure import COLUMNS, TOTAL_ROW, DisclosureMethod, PublishedTable
from limes.registry.guard import RETURN_FIELDS
from limes.registry.life_events import LifeEvent, LifeEventKind
from limes.registry.model import Individual
from limes.registry.ports import RegistryUnitOfWork
from limes.screening.ports import ScreeningUnitOfWork
from limes.screening.review import CaseStatus, QueuedCase
from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem
from limes.sharing.items import (
    PopulationCells,
    PopulationGroup,
    PopulationStatistics,
    ReturnDocument,
    VoluntaryReturnNotice,
    WatchlistHit,
)

RECENT_CASES = 200
RECENT_RETURNS = 200


class WatchlistHitSource:
    """Hits a reviewer confirmed, on lists marked shareable with the partner."""

    categories = frozenset({DataCategory.WATCHLIST_HITS.value})

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        with context.units.get(ScreeningUnitOfWork) as uow:
            shareable = {s.list_id for s in uow.lists.summary() if s.shareable}
            cases = uow.cases.queue(statuses=(CaseStatus.CONFIRMED,), limit=RECENT_CASES)
        return [
            context.item(hit_item(queued), f"watchlist-hit/{queued.case.case_id}")
            for queued in cases
            if queued.case.list_id in shareable and queued.case.decisions
        ]


def hit_item(queued: QueuedCase) -> WatchlistHit:
    """The typed item of a confirmed case (``decisions`` not empty)."""
    case = queued.case
    hit = queued.hit or {}
    query: dict[str, Any] = hit.get("query") or {}
    return WatchlistHit(
        list_id=case.list_id,
        list_version=case.list_version,
        reference=case.reference,
        score=min(1.0, max(0.0, case.score)),
        confirmed_at=case.decisions[-1].decided_at,
        matched_name=str(hit.get("matched_name") or ""),
        traveller_name=str(query.get("name") or ""),
        date_of_birth=query.get("date_of_birth") or None,
        nationality=query.get("nationality") or None,
        subject=case.subject,
    )


class PopulationSource:
    """The population on the first day of each month, by camp, rounded up (UNHCR's way)."""

    categories = frozenset({DataCategory.POPULATION_STATISTICS.value})

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        on = context.clock.now().date().replace(day=1)
        item_id = f"population/{context.local_party}/{on.isoformat()}"
        if context.shared([item_id]):
            return []  # built once a month, not every pass
        uow = context.units.get(RegistryUnitOfWork)
        table = registry.population_statistics(uow, on=on, method=DisclosureMethod.ROUND_UP)
        if not table.keys:
            return []
        return [context.item(statistics_item(table), item_id)]


def _cells(table: PublishedTable, row: int) -> PopulationCells:
    return PopulationCells.model_validate({c: table.cell(row, c) for c in COLUMNS})


def statistics_item(table: PublishedTable) -> PopulationStatistics:
    """The typed item of a table published under disclosure control."""
    return PopulationStatistics(
        reference_date=table.reference_date,
        method=table.method.value,
        title=table.title,
        note=table.note,
        rows=tuple(
            PopulationGroup(
                origin=key.origin,
                asylum=key.asylum,
                population_type=key.population_type.value,
                location_key=key.location_key,
                location_name=key.location_name,
                cells=_cells(table, row),
            )
            for row, key in enumerate(table.keys)
        ),
        totals=_cells(table, TOTAL_ROW),
    )


class ReturnSource:
    """Voluntary returns to the partner's state that the returnee consented to tell it."""

    categories = frozenset({DataCategory.VOLUNTARY_RETURNS.value})

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        found: list[OutboundItem] = []
        with context.units.get(RegistryUnitOfWork) as uow:
            events = uow.life_events.recent(LifeEventKind.RETURN, limit=RECENT_RETURNS)
            ids = {return_item_id(e): e for e in events}
            done = context.shared(ids)
            for item_id, event in ids.items():
                if item_id in done:
                    continue
                person = uow.individuals.get(event.individual_id)
                if person is None or context.partner_party not in person.protected_parties:
                    continue
                consents = uow.consents.for_individual(person.individual_id)
                fields = consented_fields(consents, person, context.partner_party, event.on)
                if not fields:
                    continue
                notice = return_notice(person, event, fields)
                found.append(context.item(notice, item_id, (person.individual_id,)))
        return found


def return_item_id(event: LifeEvent) -> str:
    """An id that names the return without the registration id (which never goes)."""
    digest = hashlib.sha256(f"{event.individual_id}|{event.on.isoformat()}".encode()).hexdigest()
    return f"return/{digest[:24]}"


def consented_fields(
    consents: list[ConsentRecord], person: Individual, partner: str, on: date
) -> frozenset[str]:
    """The fields of the first consent in effect to tell ``partner`` of the return (one
    that lets nothing go does not hide a later one that does)."""
    for consent in consents:
        if consent.covers(person.individual_id, ConsentPurpose.VOLUNTARY_RETURN, partner, on):
            fields = consent.fields & RETURN_FIELDS
            if fields:
                return fields
    return frozenset()


def return_notice(
    person: Individual, event: LifeEvent, fields: frozenset[str]
) -> VoluntaryReturnNotice:
    """The notice of ``event`` with only ``fields`` filled."""
    return VoluntaryReturnNotice(
        return_date=event.on if "return_date" in fields else None,
        crossing_point=event.crossing_point if "crossing_point" in fields else None,
        names_latin=tuple(str(n) for n in person.names_latin) if "names_latin" in fields else (),
        name_ar=str(person.name_ar) if "name_ar" in fields else "",
        sex=person.sex.value if "sex" in fields else None,
        date_of_birth=str(person.date_of_birth) if "date_of_birth" in fields else None,
        nationality=person.nationality if "nationality" in fields else None,
        documents=tuple(
            ReturnDocument(kind=d.kind.value, number=d.number, issuing_party=d.issuing_party)
            for d in person.documents
        )
        if "documents" in fields
        else (),
    )
