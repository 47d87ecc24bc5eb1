"""Use cases of the sharing context around the exchange: the node's keys, the partner's
keys and the agreements, one function each (the exchange itself is in
:mod:`limes.sharing.exchange`). Each change is written to the audit log in the same
unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from limes.audit.api import AuditKind, AuditUnitOfWork, record
from limes.clock import Clock
from limes.errors import ConfigError, Invalid
from limes.sharing.agreements import ActKind, Agreement, AgreementAct, AgreementTerms, sign_act
from limes.sharing.errors import (
    AgreementExists,
    AgreementNotFound,
    EnvelopeUnknownKey,
)
from limes.sharing.events import (
    AgreementStatusChanged,
    SharingEvent,
)
from limes.sharing.identity import NodeKeyring
from limes.sharing.keydocument import KeyDocument, PartnerNode, import_key_document
from limes.sharing.ports import NodeKeyStore, SharingUnitOfWork

Publish = Callable[[SharingEvent], None]


def announce(publish: Publish | None, *events: SharingEvent) -> None:
    """Hand ``events`` to ``publish`` (after the commit), if there is one."""
    if publish is not None:
        for event in events:
            publish(event)


def node_actor(party: str) -> str:
    """How the audit log names a node acting on its own (delivering, receiving)."""
    return f"node:{party}"


# --- node identity ---------------------------------------------------------------------


def init_node_keys(store: NodeKeyStore, clock: Clock, *, party: str) -> NodeKeyring:
    """The node's keyring, generated and saved on first start; idempotent afterwards.
    :class:`ConfigError` when the data folder holds another party's keys."""
    keyring = store.load()
    if keyring is None:
        keyring = NodeKeyring.generate(party, clock.now())
        store.save(keyring)
    elif keyring.party != party:
        raise ConfigError(
            f"the keys in the data folder are {keyring.party}'s; this node is set up for {party}",
            field="party",
        )
    return keyring


def rotate_node_keys(
    store: NodeKeyStore, uow: AuditUnitOfWork, clock: Clock, *, overlap: timedelta, actor: str
) -> NodeKeyring:
    """Add a new signing key; the old ones verify for ``overlap`` more. Print and send the
    new key document to the partner (it is signed by the old key, so no new ceremony)."""
    keyring = _loaded(store).rotate(clock.now(), overlap=overlap)
    store.save(keyring)
    new_key = keyring.keys[-1]
    with uow:
        record(
            uow.audit,
            clock,
            kind=AuditKind.NODE_KEY_ROTATED,
            actor=actor,
            subject=f"node/{keyring.party}",
            details={"key_id": new_key.key_id, "overlap_s": int(overlap.total_seconds())},
        )
        uow.commit()
    return keyring


def revoke_node_key(
    store: NodeKeyStore, uow: AuditUnitOfWork, clock: Clock, *, key_id: str, actor: str
) -> NodeKeyring:
    """Revoke one of this node's keys at once (it was exposed); rotate first if it is the
    signing key. Send the new key document to the partner."""
    keyring = _loaded(store).revoke(key_id, clock.now())
    store.save(keyring)
    with uow:
        record(
            uow.audit,
            clock,
            kind=AuditKind.NODE_KEY_REVOKED,
            actor=actor,
            subject=f"node/{keyring.party}",
            details={"revoked_key_id": key_id},
        )
        uow.commit()
    return keyring


def print_key_document(store: NodeKeyStore, *, address: str) -> str:
    """This node's public-key document, to hand to the partner."""
    return KeyDocument.issue(_loaded(store), address=address).to_text()


def import_partner_keys(
    uow: SharingUnitOfWork,
    clock: Clock,
    *,
    local_party: str,
    text: str,
    expected_fingerprint: str | None,
    actor: str,
) -> PartnerNode:
    """Take the partner's key document (see :func:`import_key_document` for when a
    fingerprint is needed) and record it in the partner registry and the audit log."""
    document = KeyDocument.from_text(text)
    if document.keys.party == local_party:
        raise Invalid("this is this node's own key document", field="party")
    with uow:
        partner = import_key_document(
            text,
            expected_fingerprint=expected_fingerprint,
            known=uow.partners.get(document.keys.party),
            now=clock.now(),
        )
        uow.partners.put(partner)
        record(
            uow.audit,
            clock,
            kind=AuditKind.PARTNER_KEYS_IMPORTED,
            actor=actor,
            subject=f"partner/{partner.party}",
            details={"fingerprint": document.fingerprint, "address": partner.address},
        )
        uow.commit()
    return partner


def _loaded(store: NodeKeyStore) -> NodeKeyring:
    keyring = store.load()
    if keyring is None:
        raise ConfigError("this node has no keys yet; run limes init first", field="keys")
    return keyring


# --- agreements ------------------------------------------------------------------------


def draft_agreement(
    uow: SharingUnitOfWork, clock: Clock, *, terms: AgreementTerms, local_party: str, actor: str
) -> Agreement:
    """Store new terms as a draft; this node must be one of the parties."""
    if local_party not in terms.parties:
        raise Invalid(f"{local_party} is not a party to these terms", field="parties")
    with uow:
        if uow.agreements.get(terms.agreement_id) is not None:
            raise AgreementExists(
                f"agreement {terms.agreement_id!r} exists already", field="agreement_id"
            )
        agreement = Agreement(terms)
        uow.agreements.put(agreement)
        record(
            uow.audit,
            clock,
            kind=AuditKind.AGREEMENT_ACT,
            actor=actor,
            subject=f"agreement/{terms.agreement_id}",
            details={"act": "draft", "terms_digest": terms.digest},
        )
        uow.commit()
    return agreement


def act_on_agreement(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    agreement_id: str,
    kind: ActKind,
    actor: str,
    reason: str = "",
    publish: Publish | None = None,
) -> AgreementAct:
    """Sign and apply this node's approval, suspension, resumption or termination.

    Returns the signed act, which the partner link sends (with the terms, for a first
    approval) to the partner's :func:`take_partner_act`.
    """
    now = clock.now()
    with uow:
        agreement = _agreement(uow, agreement_id)
        act = sign_act(
            keyring.signing_key(now),
            agreement.terms,
            kind=kind,
            party=keyring.party,
            at=now,
            reason=reason,
        )
        updated = agreement.apply(act, signer_keys=keyring.public_keys(), now=now)
        _store_act(uow, clock, updated, act, actor)
        uow.commit()
    announce(publish, AgreementStatusChanged(agreement_id, updated.status, kind, act.party))
    return act


def take_partner_act(
    uow: SharingUnitOfWork,
    clock: Clock,
    *,
    local_party: str,
    act: AgreementAct,
    terms: AgreementTerms | None = None,
    publish: Publish | None = None,
) -> Agreement:
    """Apply an act the partner signed. An approval of an agreement this node does not
    hold yet must come with its ``terms`` (the partner drafted them)."""
    now = clock.now()
    with uow:
        partner = uow.partners.get(act.party)
        if partner is None or act.party == local_party:
            raise EnvelopeUnknownKey(f"{act.party} is not a partner of this node", field="party")
        agreement = uow.agreements.get(act.agreement_id)
        if agreement is None:
            if terms is None or act.kind is not ActKind.APPROVE:
                raise AgreementNotFound(
                    f"agreement {act.agreement_id!r} is unknown here", field="agreement_id"
                )
            if local_party not in terms.parties or terms.agreement_id != act.agreement_id:
                raise Invalid("the terms are not for this node and this act", field="terms")
            agreement = Agreement(terms)
        updated = agreement.apply(act, signer_keys=partner.keys, now=now)
        _store_act(uow, clock, updated, act, node_actor(act.party))
        uow.commit()
    announce(publish, AgreementStatusChanged(act.agreement_id, updated.status, act.kind, act.party))
    return updated


def _agreement(uow: SharingUnitOfWork, agreement_id: str) -> Agreement:
    agreement = uow.agreements.get(agreement_id)
    if agreement is None:
        raise AgreementNotFound(f"no agreement {agreement_id!r}", field="agreement_id")
    return agreement


def _store_act(
    uow: SharingUnitOfWork, clock: Clock, agreement: Agreement, act: AgreementAct, actor: str
) -> None:
    uow.agreements.put(agreement)
    record(
        uow.audit,
        clock,
        kind=AuditKind.AGREEMENT_ACT,
        actor=actor,
        subject=f"agreement/{agreement.agreement_id}",
        details={
            "act": act.kind.value,
            "party": act.party,
            "status": agreement.status.value,
            "terms_digest": act.terms_digest,
            "key_id": act.key_id,
            "reason": act.reason,
        },
    )


def agreements_with(uow: SharingUnitOfWork, party: str) -> Iterable[Agreement]:
    """Every agreement with ``party``, whatever its status (for the liaison officer)."""
    with uow:
        return uow.agreements.with_party(party)
