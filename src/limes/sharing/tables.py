"""The sharing context's tables (one ``metadata`` with the rest of the store).

Repositories and the unit of work are in ``limes.sharing.store``; migrations in
``sharing/migrations/sharing_*.py`` are the schema's source of truth.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from limes.adapters.store.tables import metadata
from limes.adapters.store.types import UtcDateTime

sharing_partners = Table(
    "sharing_partners",
    metadata,
    Column("party", String(3), primary_key=True),
    Column("address", String(400), nullable=False),
    Column("keys", Text, nullable=False),
)

sharing_agreements = Table(
    "sharing_agreements",
    metadata,
    Column("agreement_id", String(200), primary_key=True),
    Column("party_a", String(3), nullable=False, index=True),
    Column("party_b", String(3), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("suspended_by", String(3), nullable=True),
    Column("terms", Text, nullable=False),
    Column("acts", Text, nullable=False),
)

sharing_outbox = Table(
    "sharing_outbox",
    metadata,
    Column("receiver", String(3), primary_key=True),
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("envelope_digest", String(64), nullable=False),
    Column("wire", LargeBinary, nullable=False),
    Column("enqueued_at", UtcDateTime, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=True),
    Column("last_error_code", String(80), nullable=True),
    Column("receipt", Text, nullable=True),
    Column("closed_at", UtcDateTime, nullable=True),
    # The shared item's id, from the sealed header (sharing_0002): what was shared already.
    Column("item_id", String(200), nullable=True, index=True),
    # The item's data category, for the per-partner ledger (sharing_0004).
    Column("category", String(64), nullable=True),
    # The link reads the next pending items to a receiver by sequence (sharing_0004).
    Index("ix_sharing_outbox_receiver_status_sequence", "receiver", "status", "sequence"),
)

sharing_inbox = Table(
    "sharing_inbox",
    metadata,
    Column("sender", String(3), primary_key=True),
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("envelope_digest", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("receipt", Text, nullable=False),
    Column("payload", LargeBinary, nullable=True),
    Column("received_at", UtcDateTime, nullable=False),
    Column("item_id", String(200), nullable=True, index=True),
    Column("originator", String(3), nullable=True),
    # The item as it came, with its proof (index, path, batch header, signature), so that
    # it stays verifiable alone; and its handling code (sharing_0004).
    Column("item", LargeBinary, nullable=True),
    Column("handling", String(20), nullable=True),
    Column("category", String(64), nullable=True),
    # Withdrawn by its originator: no longer shown, never passed on (sharing_0004).
    Column("withdrawn_at", UtcDateTime, nullable=True),
    Column("withdrawn_reason", Text, nullable=True),
)

# The originator's releases: item ``item_id`` may go on to ``to_party`` (sharing_0004).
sharing_releases = Table(
    "sharing_releases",
    metadata,
    Column("item_id", String(200), primary_key=True),
    Column("to_party", String(3), primary_key=True),
    Column("originator", String(3), nullable=False),
    Column("granted_at", UtcDateTime, nullable=False),
)

sharing_act_outbox = Table(
    "sharing_act_outbox",
    metadata,
    Column("act_id", Integer, primary_key=True, autoincrement=True),
    Column("receiver", String(3), nullable=False),
    Column("agreement_id", String(200), nullable=False),
    Column("message", Text, nullable=False),
    Column("enqueued_at", UtcDateTime, nullable=False),
    Column("delivered", Boolean, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=True),
    Column("last_error_code", String(80), nullable=True),
)

sharing_link_status = Table(
    "sharing_link_status",
    metadata,
    Column("party", String(3), primary_key=True),
    Column("reachable", Boolean, nullable=False),
    Column("down_since", UtcDateTime, nullable=True),
    Column("last_contact_at", UtcDateTime, nullable=True),
    Column("checked_at", UtcDateTime, nullable=False),
    Column("last_error", String(400), nullable=True),
)

# Any constant works, as long as every writer of the database uses the same one.
