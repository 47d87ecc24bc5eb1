"""Errors of the sharing context, each with a stable ``code`` the partner node relies on.

The inbox answers a rejected envelope with one of these codes so that the sending node knows
why (and whether retrying can help). The key errors apply to every signed message, not only
envelopes: receipts, agreement acts and key documents are checked the same way.
"""

from __future__ import annotations

from limes.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited


class EnvelopeMalformed(Invalid):
    """The bytes are not an envelope (or a receipt, act or key document) limes can read."""

    code = "envelope_malformed"


class EnvelopeTooLarge(Invalid):
    """The envelope is bigger than the node accepts; checked before it is even parsed."""

    code = "envelope_too_large"
    http_status = 413


class EnvelopeTampered(Forbidden):
    """The signature does not match the header, or the payload does not match its hash."""

    code = "envelope_tampered"


class EnvelopeUnknownKey(Forbidden):
    """The message names a key this node does not hold for the sender."""

    code = "envelope_unknown_key"


class EnvelopeRevokedKey(Forbidden):
    """The key was revoked, or retired at the end of its rotation overlap."""

    code = "envelope_revoked_key"


class EnvelopeMisaddressed(Forbidden):
    """The envelope is for another party, or comes from a party that is not the partner."""

    code = "envelope_misaddressed"


class EnvelopeReplayed(Conflict):
    """A batch reuses a sequence number taken already for another item. (The very item
    taken before is not an error: the inbox answers it with its original receipt.)"""

    code = "envelope_replayed"


class EnvelopeOutOfSequence(Conflict):
    """The sequence number is not the next one expected; ``expected_sequence`` says which,
    ``received_sequence`` which came (0 where unknown)."""

    code = "envelope_out_of_sequence"

    def __init__(self, message: str, *, expected_sequence: int, received_sequence: int = 0) -> None:
        super().__init__(message, field="sequence")
        self.expected_sequence = expected_sequence
        self.received_sequence = received_sequence


class EnvelopeAgreementInactive(Forbidden):
    """No active agreement under that id between the two parties at this time."""

    code = "envelope_agreement_inactive"


class EnvelopeCategoryNotCovered(Forbidden):
    """The agreement is active but does not cover the envelope's data category."""

    code = "envelope_category_not_covered"


class ExportRefused(Forbidden):
    """Base of the export guard's refusals: the item must not leave this node."""

    code = "export_refused"


class ExportRefusedOriginCountry(ExportRefused):
    """Personal data of a refugee or asylum-seeker bound for their country of origin."""

    code = "export_refused_origin_country"


class ExportRefusedNoAgreement(ExportRefused):
    """No active agreement with the receiver covers the item's category (and distance)."""

    code = "export_refused_no_agreement"


class ExportRefusedOriginatorControl(ExportRefused):
    """The item came from the partner; what a node receives it never passes on."""

    code = "export_refused_originator_control"


class ItemRejected(Invalid):
    """An item that is not one of the typed kinds as they stand (:mod:`limes.sharing.items`):
    refused before it is sealed, and again by the receiver. ``field`` names the part."""

    code = "item_invalid"


class ItemUnknownKind(ItemRejected):
    """The item's kind, or that version of it, is not one this node knows."""

    code = "item_unknown_kind"


class ItemCategoryMismatch(ItemRejected):
    """The item's kind belongs to another data category than the one it travels under."""

    code = "item_category_mismatch"


class AgreementTransitionInvalid(Conflict):
    """The act does not apply to the agreement's current status (or to this party)."""

    code = "agreement_transition_invalid"


class KeyDocumentRejected(Invalid):
    """A partner's public-key document fails its fingerprint or its signatures."""

    code = "key_document_rejected"


class AgreementNotFound(NotFound):
    """No agreement with that id on this node."""

    code = "agreement_not_found"


class AgreementExists(Conflict):
    """An agreement with that id exists already."""

    code = "agreement_exists"


class OutboxItemNotFound(NotFound):
    """No outbox item to that receiver under that sequence."""

    code = "outbox_item_not_found"


class InboxRateLimited(RateLimited):
    """A partner sent more batches than the inbox takes in its window; sent again later,
    nothing is lost. Not logged: a flood of them must not grow the audit log."""

    code = "inbox_rate_limited"
