"""The exchange with the partner node over HTTP: its inbox, agreements, the joint picture.

Two routes are called by the partner's node, not by a person, and carry no user token:
``POST /batches`` (in :mod:`.exchange_inbox`) and ``POST /acts``. They are authenticated
by the Ed25519 signature of what they carry, checked against the keys imported from the
partner's key document; this is the one exception to "every route needs a token" (the
partner has no account here, and a token would prove less than the signature does). Every
other route needs a token, and the agreement routes the liaison officer's role.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from limes.access.api import Role, User
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.link import PartnerLink
from limes.adapters.partner.views import partner_status, sharing_uow
from limes.audit.api import format_instant
from limes.container import Node
from limes.errors import LimesError
from limes.sharing import services
from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    Agreement,
    AgreementAct,
    AgreementStatus,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
)
from limes.sharing.identity import NodeKeyring
from limes.sharing.ports import PersonalDataRule
from limes.web.errors import error_body
from limes.web.security import CurrentUser, get_node, require

SIGNED_BY_PARTNER = (
    "Called by the partner's node, not by a person: no bearer token. Authenticated by the "
    "Ed25519 signature of the body, checked against the keys imported from the partner's key "
    "document (`limes keys import`). This is the one exception to the token rule."
)

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])

NodeDep = Annotated[Node, Depends(get_node)]
LiaisonOfficer = Annotated[User, Depends(require(Role.LIAISON_OFFICER))]


# --- called by the partner's node ------------------------------------------------------------


class ActIn(BaseModel):
    """A signed agreement act of the partner, with the terms it was signed over."""

    act: dict[str, Any]
    terms: dict[str, Any] | None = None


@router.post(
    "/acts",
    summary="Take the partner's signed approval, suspension, resumption or termination",
    description=SIGNED_BY_PARTNER
    + " An act applied before (a retry after a lost answer) is answered 200 again.",
)
def take_act(body: ActIn, request: Request, node: NodeDep) -> JSONResponse:
    try:
        act = AgreementAct.from_json(body.act)
        terms = None if body.terms is None else AgreementTerms.from_json(body.terms)
        uow = sharing_uow(node)
        with uow:
            held = uow.agreements.get(act.agreement_id)
        if held is not None and any(a.signature == act.signature for a in held.acts):
            agreement = held
        else:
            agreement = services.take_partner_act(
                uow,
                node.clock,
                local_party=node.settings.party,
                act=act,
                terms=terms,
                publish=node.live_hub.publish,
            )
    except LimesError as rejection:
        return _rejection(rejection)
    return JSONResponse(
        {"agreement_id": agreement.agreement_id, "status": agreement.status_at(node.clock.now())}
    )


def _rejection(error: LimesError) -> JSONResponse:
    """The one error shape."""
    return JSONResponse(
        error_body(error.code, error.message, error.field), status_code=error.http_status
    )


# --- agreements, for the liaison officer -----------------------------------------------------


class AgencyIn(BaseModel):
    party: str
    kind: AgencyKind
    name: str


class GrantIn(BaseModel):
    category: DataCategory
    max_distance_from_boundary_m: int | None = None


class DraftIn(BaseModel):
    """New terms between this node's party and the partner's."""

    agreement_id: str
    agencies: list[AgencyIn]
    grants: list[GrantIn]
    purpose: str
    valid_from: str = Field(description="RFC 3339, e.g. 2026-12-01T00:00:00Z")
    valid_until: str = Field(description="RFC 3339")


class ActRequest(BaseModel):
    reason: str = ""


def agreement_out(agreement: Agreement, node: Node) -> dict[str, Any]:
    """An agreement as the API shows it."""
    terms = agreement.terms.to_json()
    return {
        **terms,
        "status": agreement.status_at(node.clock.now()).value,
        "approved_by": sorted({a.party for a in agreement.acts if a.kind is ActKind.APPROVE}),
        "suspended_by": agreement.suspended_by,
        "terms_digest": agreement.terms.digest,
        "acts": [
            {"kind": a.kind.value, "party": a.party, "at": format_instant(a.at), "reason": a.reason}
            for a in agreement.acts
        ],
    }


@router.get("/agreements", summary="Every agreement with the partner")
def list_agreements(_user: LiaisonOfficer, node: NodeDep) -> list[dict[str, Any]]:
    found = services.agreements_with(sharing_uow(node), node.settings.partner_party)
    return [agreement_out(a, node) for a in found]


@router.post("/agreements", status_code=201, summary="Draft an agreement with the partner")
def draft_agreement(body: DraftIn, user: LiaisonOfficer, node: NodeDep) -> dict[str, Any]:
    from limes.audit.api import parse_instant  # noqa: PLC0415

    terms = AgreementTerms.create(
        agreement_id=body.agreement_id,
        parties=(node.settings.party, node.settings.partner_party),
        agencies=tuple(Agency(a.party, a.kind, a.name) for a in body.agencies),
        grants=tuple(
            CategoryGrant(g.category, g.max_distance_from_boundary_m) for g in body.grants
        ),
        purpose=body.purpose,
        valid_from=parse_instant(body.valid_from, field="valid_from"),
        valid_until=parse_instant(body.valid_until, field="valid_until"),
    )
    agreement = services.draft_agreement(
        sharing_uow(node),
        node.clock,
        terms=terms,
        local_party=node.settings.party,
        actor=f"user:{user.username}",
    )
    return agreement_out(agreement, node)


_ACTS = {
    "approve": ActKind.APPROVE,
    "suspend": ActKind.SUSPEND,
    "resume": ActKind.RESUME,
    "terminate": ActKind.TERMINATE,
}


@router.post(
    "/agreements/{agreement_id}/{step}",
    summary="Approve, activate, suspend, resume or terminate an agreement",
    description="Signs this node's act and sends it to the partner (durably: an act waits "
    "for a partner that is down). `activate` is the approval that completes a pair, or the "
    "resumption of a suspended agreement.",
)
def act_on_agreement(  # noqa: PLR0917 - FastAPI passes path, body and dependencies by name
    agreement_id: str,
    step: Annotated[str, Path(pattern="^(approve|activate|suspend|resume|terminate)$")],
    user: LiaisonOfficer,
    request: Request,
    node: NodeDep,
    body: ActRequest | None = None,
) -> dict[str, Any]:
    keys = keyring(request, node)
    uow = sharing_uow(node)
    with uow:
        held = uow.agreements.get(agreement_id)
        kind = _ACTS.get(step) or _activation(held, node)
        act = services.act_on_agreement(
            uow,
            keys,
            node.clock,
            agreement_id=agreement_id,
            kind=kind,
            actor=f"user:{user.username}",
            reason=body.reason if body else "",
            publish=node.live_hub.publish,
        )
        agreement = uow.agreements.get(agreement_id)
        assert agreement is not None
        uow.acts.add(
            node.settings.partner_party,
            agreement_id,
            {"act": act.to_json(), "terms": agreement.terms.to_json()},
            node.clock.now(),
        )
        uow.commit()
    _wake_link(node)
    return agreement_out(agreement, node)


def _activation(held: Agreement | None, node: Node) -> ActKind:
    if held is not None and held.status_at(node.clock.now()) is AgreementStatus.SUSPENDED:
        return ActKind.RESUME
    return ActKind.APPROVE


# --- outbox and status (items and the picture: exchange_items.py) --------------------------


@router.get("/outbox", summary="The newest items sent to the partner, with their status")
def outbox(
    _user: LiaisonOfficer,
    node: NodeDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    with sharing_uow(node) as uow:
        counts = uow.outbox.counts()
        recent = uow.outbox.recent(limit)
    return {
        "counts": counts,
        "items": [
            {
                "sequence": i.sequence,
                "receiver": i.receiver,
                "status": i.status.value,
                "attempts": i.attempts,
                "last_error_code": i.last_error_code,
                "enqueued_at": format_instant(i.enqueued_at),
            }
            for i in recent
        ],
    }


@router.get("/partner", summary="The partner node: reachable, or down since when")
def partner(_user: CurrentUser, node: NodeDep) -> dict[str, Any]:
    return partner_status(node)


@router.get("/key-document", summary="This node's public-key document (what the partner imports)")
def key_document(_user: LiaisonOfficer, request: Request, node: NodeDep) -> dict[str, Any]:
    from limes.sharing.keydocument import KeyDocument  # noqa: PLC0415

    document = KeyDocument.issue(keyring(request, node), address=_own_address(node))
    return json.loads(document.to_text())  # type: ignore[no-any-return]


def _own_address(node: Node) -> str:
    return f"http://{node.settings.host}:{node.settings.port}"


def _wake_link(node: Node) -> None:
    for service in node.background:
        if isinstance(service, PartnerLink):
            service.wake()


def keyring(request: Request, node: Node) -> NodeKeyring:
    """This node's keyring, cached on the application (re-read after a rotation)."""
    cache = getattr(request.app.state, "sharing_keys", None)
    if not isinstance(cache, KeyringCache):
        cache = KeyringCache(node.settings.data_dir, party=node.settings.party, clock=node.clock)
        request.app.state.sharing_keys = cache
    return cache.get()


def personal_data_rule(request: Request, node: Node) -> PersonalDataRule:
    """The registry's origin-country rule over this node's registry store, from the node's
    container (or the rule a test set on ``app.state.personal_data_rule``)."""
    rule = getattr(request.app.state, "personal_data_rule", None)
    if rule is None:
        return node.get(PersonalDataRule)
    return rule  # type: ignore[no-any-return]
