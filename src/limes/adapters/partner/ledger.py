"""The exchange's ledger for the administrator: per partner and per data category, what
was queued, acknowledged, refused by the partner (with its code), refused by this node's
export guard (with the rule), and what came in, accepted or refused.

Counts come from the outbox and inbox (one grouped query each) and from the audit log's
``export_refused`` entries (the guard writes one per refusal, naming the rule's code).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from limes.audit.store import audit_log
from limes.sharing.tables import sharing_inbox, sharing_outbox

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from limes.container import Node

# The newest refusals read from the audit log: enough for a screen, bounded for a big log.
RECENT_REFUSALS = 20_000


def exchange_ledger(node: Node) -> dict[str, Any]:
    """``{"sent": [...], "received": [...]}``: one row per (partner, category), sent rows
    with ``queued, pending, delivered, refused_by_partner{code: n}, refused_here{code: n}``,
    received rows with ``accepted, refused{code: n}, withdrawn``; sorted by partner and
    category."""
    with node.engine.connect() as c:
        outbound = _outbox_counts(c)
        refused_here = _export_refusals(c)
        inbound = _inbox_counts(c)
        receipts = _refusal_receipts(c)
    sent = _sent_rows(outbound, refused_here)
    received = _received_rows(inbound, receipts)
    return {
        "sent": [_plain(sent[k]) for k in sorted(sent)],
        "received": [_plain(received[k]) for k in sorted(received)],
    }


def _outbox_counts(c: Connection) -> Sequence[Row[Any, Any, Any, Any, Any]]:
    """The outbox's item counts, one row ``(receiver, category, status, last_error_code,
    count)`` per group."""
    return c.execute(
        select(
            sharing_outbox.c.receiver,
            sharing_outbox.c.category,
            sharing_outbox.c.status,
            sharing_outbox.c.last_error_code,
            func.count(),
        ).group_by(
            sharing_outbox.c.receiver,
            sharing_outbox.c.category,
            sharing_outbox.c.status,
            sharing_outbox.c.last_error_code,
        )
    ).all()


def _export_refusals(c: Connection) -> Counter[tuple[str, str, str]]:
    """How often the export guard refused, per ``(receiver, category, code)``, counted over
    the newest :data:`RECENT_REFUSALS` ``export_refused`` entries of the audit log ("?" for a
    detail an entry lacks)."""
    refusals = c.execute(
        select(audit_log.c.details)
        .where(audit_log.c.kind == "export_refused")
        .order_by(audit_log.c.sequence.desc())
        .limit(RECENT_REFUSALS)
    ).scalars()
    return Counter(
        (str(d.get("receiver", "?")), str(d.get("category", "?")), str(d.get("code", "?")))
        for d in (json.loads(text) for text in refusals)
    )


def _inbox_counts(c: Connection) -> Sequence[Row[Any, Any, Any, Any, Any]]:
    """The inbox's item counts, one row ``(sender, category, status, withdrawn, count)`` per
    group."""
    return c.execute(
        select(
            sharing_inbox.c.sender,
            sharing_inbox.c.category,
            sharing_inbox.c.status,
            sharing_inbox.c.withdrawn_at.is_not(None),
            func.count(),
        ).group_by(
            sharing_inbox.c.sender,
            sharing_inbox.c.category,
            sharing_inbox.c.status,
            sharing_inbox.c.withdrawn_at.is_not(None),
        )
    ).all()


def _refusal_receipts(c: Connection) -> Sequence[Row[Any, Any, Any]]:
    """The refused inbox records, at most :data:`RECENT_REFUSALS`, as rows ``(sender,
    category, receipt JSON)``."""
    return c.execute(
        select(sharing_inbox.c.sender, sharing_inbox.c.category, sharing_inbox.c.receipt)
        .where(sharing_inbox.c.status == "refused")
        .limit(RECENT_REFUSALS)
    ).all()


def _sent_rows(
    outbound: Sequence[Row[Any, Any, Any, Any, Any]], refused_here: Counter[tuple[str, str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The sent rows keyed by (partner, category): the outbox's counts by status (refusals
    by the partner's code), and the export guard's refusals by rule, which make a row of
    their own where nothing was queued."""
    sent: dict[tuple[str, str], dict[str, Any]] = {}

    def row(party: str, category: str) -> dict[str, Any]:
        return sent.setdefault(
            (party, category),
            {
                "partner": party,
                "category": category,
                "queued": 0,
                "pending": 0,
                "delivered": 0,
                "refused_by_partner": Counter(),
                "refused_here": Counter(),
            },
        )

    for party, category, status, code, count in outbound:
        entry = row(str(party), str(category or "?"))
        entry["queued"] += count
        if status == "refused":
            entry["refused_by_partner"][str(code or "refused")] += count
        elif status in ("pending", "delivered"):
            entry[status] += count
    for (party, category, code), count in refused_here.items():
        row(party, category)["refused_here"][code] += count
    return sent


def _received_rows(
    inbound: Sequence[Row[Any, Any, Any, Any, Any]], receipts: Sequence[Row[Any, Any, Any]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The received rows keyed by (partner, category): accepted and withdrawn counts, and
    the refusals by their receipt's code (only for a (partner, category) the inbox counts
    show)."""
    received: dict[tuple[str, str], dict[str, Any]] = {}
    for party, category, status, withdrawn, count in inbound:
        entry = received.setdefault(
            (str(party), str(category or "?")),
            {
                "partner": str(party),
                "category": str(category or "?"),
                "accepted": 0,
                "refused": Counter(),
                "withdrawn": 0,
            },
        )
        if status == "accepted":
            entry["accepted"] += count
            entry["withdrawn"] += count if withdrawn else 0
    for party, category, receipt in receipts:
        code = str(json.loads(receipt).get("code") or "refused")
        key = (str(party), str(category or "?"))
        if key in received:
            received[key]["refused"][code] += 1
    return received


def _plain(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, Counter) else v for k, v in entry.items()}
