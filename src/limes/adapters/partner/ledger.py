"""The exchange's ledger for the administrator: per partner and per data category, what
was queued, acknowledged, refused by the partner (with its code), refused by this node's
export guard (with the rule), and what came in, accepted or refused.

Counts come from the outbox and inbox (one grouped query each) and from the audit log's
``export_refused`` entries (the guard writes one per refusal, naming the rule's code).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from limes.adapters.store.audit import audit_log
from limes.adapters.store.sharing_tables import sharing_inbox, sharing_outbox

if TYPE_CHECKING:
    from limes.bootstrap import Node

# The newest refusals read from the audit log: enough for a screen, bounded for a big log.
RECENT_REFUSALS = 20_000


def exchange_ledger(node: Node) -> dict[str, Any]:
    """``{"sent": [...], "received": [...]}``: one row per (partner, category), sent rows
    with ``queued, pending, delivered, refused_by_partner{code: n}, refused_here{code: n}``,
    received rows with ``accepted, refused{code: n}, withdrawn``; sorted by partner and
    category."""
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

    with node.engine.connect() as c:
        out = c.execute(
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
        refusals = c.execute(
            select(audit_log.c.details)
            .where(audit_log.c.kind == "export_refused")
            .order_by(audit_log.c.sequence.desc())
            .limit(RECENT_REFUSALS)
        ).scalars()
        refused_here = Counter(
            (str(d.get("receiver", "?")), str(d.get("category", "?")), str(d.get("code", "?")))
            for d in (json.loads(text) for text in refusals)
        )
        inbound = c.execute(
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
        receipts = c.execute(
            select(sharing_inbox.c.sender, sharing_inbox.c.category, sharing_inbox.c.receipt)
            .where(sharing_inbox.c.status == "refused")
            .limit(RECENT_REFUSALS)
        ).all()
    for party, category, status, code, count in out:
        entry = row(str(party), str(category or "?"))
        entry["queued"] += count
        if status == "refused":
            entry["refused_by_partner"][str(code or "refused")] += count
        elif status in ("pending", "delivered"):
            entry[status] += count
    for (party, category, code), count in refused_here.items():
        row(party, category)["refused_here"][code] += count
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
    return {
        "sent": [_plain(sent[k]) for k in sorted(sent)],
        "received": [_plain(received[k]) for k in sorted(received)],
    }


def _plain(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, Counter) else v for k, v in entry.items()}
