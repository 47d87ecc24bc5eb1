"""Errors of the audit context."""

from __future__ import annotations

from limes.errors import Conflict, Invalid


class AuditKindInvalid(Invalid):
    """An entry's kind is not a snake_case name."""

    code = "audit_kind_invalid"


class AuditChainBroken(Conflict):
    """The stored chain does not verify; the message names the first broken entry."""

    code = "audit_chain_broken"
