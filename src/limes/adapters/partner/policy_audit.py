"""The sharing policy's source of audit checkpoints (issue #13): every ``interval_s``, when
the chain grew, this node signs its audit head (:func:`checkpoint_now`, also kept in its
own checkpoints file) and gives it to the partner, which keeps it in its inbox. The
partner's copy is the one nobody on this side can rewrite: exported from the partner
(``GET /api/v1/exchange/checkpoints``), it is what ``limes audit verify --checkpoints``
checks this node's chain against.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.policy_source import SourceContext
from limes.audit.adapters_checkpoints import checkpoint_now
from limes.audit.store import SqlAlchemyAuditLog
from limes.errors import LimesError
from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem
from limes.sharing.items import AuditCheckpoint

DEFAULT_INTERVAL_S = 600.0


class CheckpointSource:
    """A fresh signed checkpoint of the audit head, at most every ``interval_s``."""

    categories = frozenset({DataCategory.AUDIT_CHECKPOINTS.value})

    def __init__(self, interval_s: float = DEFAULT_INTERVAL_S) -> None:
        self.interval_s = interval_s
        self._last_at: datetime | None = None
        self._last_sequence = 0

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        now = context.clock.now()
        if self._last_at is not None and (now - self._last_at).total_seconds() < self.interval_s:
            return []
        keyring = KeyringCache(context.data_dir, party=context.local_party, clock=context.clock)
        with context.engine.begin() as connection:
            log = SqlAlchemyAuditLog(connection)
            head = log.last()
            if head is None or head.sequence <= self._last_sequence:
                return []
            try:
                line = checkpoint_now(log, keyring.get(), data_dir=context.data_dir, now=now)
            except LimesError:
                return []  # a broken chain is not vouched for; `limes audit verify` says why
        self._last_at = now
        document: dict[str, Any] = json.loads(line)
        self._last_sequence = int(document["sequence"])
        checkpoint = AuditCheckpoint(
            party=context.local_party,
            sequence=self._last_sequence,
            entry_sha256=str(document["entry_sha256"]),
            line=line,
        )
        item_id = f"checkpoint:{context.local_party}:{self._last_sequence}"
        return [context.item(checkpoint, item_id)]
