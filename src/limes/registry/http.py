"""The registry over HTTP (issue #6): registration with live duplicate warnings, status,
life events, consent, voluntary return at a crossing point, audited reads, the
supervisor's review with merge and un-merge; the protected statistics are in
:mod:`limes.registry.http_statistics`.

Roles: a registry clerk registers and records; a registry supervisor reviews and merges
(and may do what a clerk does); an analyst sees statistics only. Every read of a person's
record states its purpose and is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from limes.access.api import Role, User
from limes.container import Node
from limes.errors import Invalid
from limes.places.api import PlaceKind, list_places
from limes.registry import review, services
from limes.registry.consent import ConsentRecord
from limes.registry.duplicates import Candidate, PersonSummary
from limes.registry.life_events import LifeEvent
from limes.registry.lifecycle import Status
from limes.registry.review import RegistryStore
from limes.registry.schemas import (
    ConsentIn,
    DraftIn,
    HouseholdIn,
    LifeEventIn,
    MergeIn,
    ReasonIn,
    ReturnIn,
    StatusIn,
    candidate_json,
    member_from,
    new_id,
    parse_dob,
)
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/registry", tags=["registry"])

Clerk = Annotated[User, Depends(require(Role.REGISTRY_CLERK, Role.REGISTRY_SUPERVISOR))]
Supervisor = Annotated[User, Depends(require(Role.REGISTRY_SUPERVISOR))]
NodeDep = Annotated[Node, Depends(get_node)]


def registry_uow(node: NodeDep) -> Iterator[RegistryStore]:
    """A registry unit of work on the node's database. Once the route has returned, the
    events its use cases raised (each after its commit) go to the node's event hub; a route
    that fails publishes nothing."""
    uow = node.get(RegistryStore)
    yield uow
    node.live_hub.publish_all(*uow.events)


Uow = Annotated[RegistryStore, Depends(registry_uow)]


@router.post("/households", status_code=201)
def register_household(body: HouseholdIn, user: Clerk, uow: Uow, node: NodeDep) -> dict[str, Any]:
    """Register a household with its members; the answer lists each member's possible
    duplicates already registered elsewhere, which are queued for a supervisor."""
    registered_on = body.registered_on or node.clock.now().date()
    members = [member_from(m, registered_on) for m in body.members]
    household_id = body.household_id or new_id("H")
    household = services.register_household(
        uow, household_id, body.location, registered_on, members
    )
    flagged = review.flag_household(uow, household.household_id, clock=node.clock)
    return {
        "household_id": household.household_id,
        "members": list(household.members),
        "possible_duplicates": {
            member: [candidate_json(c) for c in found] for member, found in flagged.items()
        },
    }


@router.post("/candidates")
def candidates(body: DraftIn, user: Clerk, uow: Uow) -> dict[str, Any]:
    """People already registered who may be the one being typed, with the reasons."""
    draft = PersonSummary(
        "",
        body.name_ar.chain(),
        tuple(n.chain() for n in body.names_latin if n.given.strip()),
        body.sex,
        parse_dob(body.date_of_birth),
    )
    return {
        "candidates": [
            candidate_json(c) for c in review.candidates_for(uow, draft, reader=user.username)
        ]
    }


@router.post("/individuals/{individual_id}/status")
def change_status(individual_id: str, body: StatusIn, user: Clerk, uow: Uow) -> dict[str, Any]:
    """Change a person's status along the lifecycle, with the date and the reason."""
    change = services.change_status(uow, individual_id, body.status, body.effective_on, body.reason)
    return {
        "individual_id": individual_id,
        "previous": change.previous.value if change.previous else None,
        "status": change.status.value,
        "effective_on": change.effective_on.isoformat(),
    }


@router.post("/individuals/{individual_id}/life-events", status_code=201)
def record_life_event(
    individual_id: str, body: LifeEventIn, user: Clerk, uow: Uow
) -> dict[str, Any]:
    """Record an arrival, birth, death or departure (a return has its own route)."""
    event = LifeEvent(
        individual_id, body.kind, body.on, body.location_key, body.crossing_point, body.note
    )
    services.record_life_event(uow, event)
    return {"individual_id": individual_id, "kind": body.kind.value, "on": body.on.isoformat()}


@router.post("/individuals/{individual_id}/consents", status_code=201)
def record_consent(individual_id: str, body: ConsentIn, user: Clerk, uow: Uow) -> dict[str, Any]:
    """Record what the person agreed to, for what purpose and for whom."""
    consent = ConsentRecord(
        consent_id=body.consent_id or new_id("C"),
        individual_id=individual_id,
        purpose=body.purpose,
        given_on=body.given_on,
        recorded_by=user.username,
        recipient_party=body.recipient_party,
        fields=frozenset(body.fields),
        expires_on=body.expires_on,
    )
    services.record_consent(uow, consent)
    return {"consent_id": consent.consent_id, "purpose": consent.purpose.value}


@router.get("/crossing-points")
def crossing_points(user: Clerk, node: NodeDep) -> list[dict[str, str]]:
    """The crossing points a return may go through (the places table's)."""
    return [
        {"key": p.key, "name_en": p.name_en, "name_ar": p.name_ar, "party": p.party}
        for p in list_places(node.uow(), PlaceKind.CROSSING_POINT)
    ]


@router.post("/individuals/{individual_id}/return", status_code=201)
def record_return(
    individual_id: str, body: ReturnIn, user: Clerk, uow: Uow, node: NodeDep
) -> dict[str, Any]:
    """A voluntary return through a crossing point, with the person's consent: the status
    becomes returnee and the return is counted."""
    known = {p.key for p in list_places(node.uow(), PlaceKind.CROSSING_POINT)}
    if body.crossing_point not in known:
        raise Invalid(f"no crossing point {body.crossing_point!r}", field="crossing_point")
    with uow:
        person = uow.individuals.get(individual_id)
        household = uow.households.get(person.household_id) if person else None
    location = household.location_key if household else ""
    event = services.record_return(
        uow,
        individual_id,
        on=body.on,
        crossing_point=body.crossing_point,
        location_key=location,
        consent_id=body.consent_id,
    )
    return {
        "individual_id": individual_id,
        "status": Status.RETURNEE.value,
        "crossing_point": event.crossing_point,
        "on": event.on.isoformat(),
    }


@router.get("/individuals/{individual_id}")
def read_individual(
    individual_id: str,
    user: Clerk,
    uow: Uow,
    node: NodeDep,
    purpose: Annotated[str, Query(max_length=400, description="Why the record is read")] = "",
) -> dict[str, Any]:
    """A person's whole record; the read is audited with who, when and ``purpose``."""
    person = services.read_individual(
        uow, individual_id, reader=user.username, purpose=purpose, clock=node.clock
    )
    with uow:
        record = services.personal_record(uow, person)
        merged = uow.merges.in_force_for(individual_id)
    record["merged_into"] = merged.kept_id if merged else None
    return record


def _side(uow: RegistryStore, individual_id: str) -> dict[str, Any] | None:
    found = uow.candidates.summaries([individual_id])
    if not found:
        return None
    return candidate_json(Candidate(found[0], 1.0, ()))


@router.get("/reviews")
def review_queue(
    user: Supervisor, uow: Uow, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[dict[str, Any]]:
    """Suspected duplicates waiting for a decision, highest score first, both records shown."""
    pairs = review.review_queue(uow, reader=user.username, limit=limit)
    with uow:
        return [
            {
                "pair_id": p.pair_id,
                "score": p.score,
                "reasons": list(p.reasons),
                "found_by": p.found_by.value,
                "cluster_id": p.cluster_id,
                "first": _side(uow, p.first_id),
                "second": _side(uow, p.second_id),
            }
            for p in pairs
        ]


def _merge_json(merge: review.Merge) -> dict[str, Any]:
    return {
        "merge_id": merge.merge_id,
        "kept_id": merge.kept_id,
        "merged_id": merge.merged_id,
        "merged_by": merge.merged_by,
        "merged_at": merge.merged_at.isoformat(),
        "reason": merge.reason,
        "undone_by": merge.undone_by or None,
        "undone_at": merge.undone_at.isoformat() if merge.undone_at else None,
        "undo_reason": merge.undo_reason or None,
    }


@router.post("/reviews/{pair_id}/merge")
def merge(pair_id: str, body: MergeIn, user: Supervisor, uow: Uow, node: NodeDep) -> dict[str, Any]:
    """Fold the other record of the pair into ``kept_id`` (audited, can be undone)."""
    done = review.merge(
        uow,
        pair_id,
        kept_id=body.kept_id,
        supervisor=user.username,
        reason=body.reason,
        clock=node.clock,
    )
    return _merge_json(done)


@router.post("/reviews/{pair_id}/distinct")
def mark_distinct(
    pair_id: str, body: ReasonIn, user: Supervisor, uow: Uow, node: NodeDep
) -> dict[str, Any]:
    """Close the pair as two different people (audited)."""
    pair = review.mark_distinct(
        uow, pair_id, supervisor=user.username, reason=body.reason, clock=node.clock
    )
    return {"pair_id": pair.pair_id, "status": pair.status.value}


@router.post("/merges/{merge_id}/unmerge")
def unmerge(
    merge_id: str, body: ReasonIn, user: Supervisor, uow: Uow, node: NodeDep
) -> dict[str, Any]:
    """Undo a merge; the history keeps it, marked undone (audited)."""
    undone = review.unmerge(
        uow, merge_id, supervisor=user.username, reason=body.reason, clock=node.clock
    )
    return _merge_json(undone)


@router.get("/individuals/{individual_id}/merges")
def merge_history(individual_id: str, user: Supervisor, uow: Uow) -> list[dict[str, Any]]:
    """Every merge that kept or merged the person, undone ones included."""
    return [_merge_json(m) for m in review.merge_history(uow, individual_id)]
