"""Signed batches: the inbox keeps each item with its proof and handling code, the outbox
is read by (receiver, status, sequence), and queued items take the unsigned item form
(``limes-item/2``) that the link signs per batch. Both keep the item's data category, for
the administrator's ledger per partner and category. Originator control: the releases an
originator granted, and the withdrawal of a received item.

Revision ID: sharing_0004
Revises: sharing_0003
Create Date: 2026-12-06 01:30:00.000000
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

from limes.adapters.store.types import UtcDateTime
from limes.audit.api import canonical_json

revision = "sharing_0004"
down_revision = "sharing_0003"
branch_labels = None
depends_on = None

_ITEM_PREFIX = b"limes-item/2\n"


def upgrade() -> None:
    with op.batch_alter_table("sharing_inbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("handling", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("category", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))
    op.create_table(
        "sharing_releases",
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("to_party", sa.String(length=3), nullable=False),
        sa.Column("originator", sa.String(length=3), nullable=False),
        sa.Column("granted_at", UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("item_id", "to_party"),
    )
    with op.batch_alter_table("sharing_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_sharing_outbox_receiver_status_sequence",
        "sharing_outbox",
        ["receiver", "status", "sequence"],
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT receiver, sequence, status, wire FROM sharing_outbox")
    ).all()
    for receiver, sequence, status, wire in rows:
        document = json.loads(bytes(wire))
        header = dict(document["header"])
        connection.execute(
            sa.text(
                "UPDATE sharing_outbox SET category = :category "
                "WHERE receiver = :receiver AND sequence = :sequence"
            ),
            {"category": header.get("category"), "receiver": receiver, "sequence": sequence},
        )
        if header.get("format") != "limes-envelope/1":
            continue
        # The first format signed each envelope alone; an item now waits unsigned and is
        # signed with its batch, so its header loses the key and gains a handling code.
        header.pop("key_id", None)
        header["format"] = "limes-item/2"
        header["handling"] = "TLP:AMBER"
        item = {"header": header, "payload": document["payload"]}
        values = {
            "wire": json.dumps(item, sort_keys=True, separators=(",", ":")).encode(),
            "receiver": receiver,
            "sequence": sequence,
        }
        assignments = "wire = :wire"
        if status == "pending":
            digest = hashlib.sha256(_ITEM_PREFIX + canonical_json(header)).hexdigest()
            values["digest"] = digest
            assignments += ", envelope_digest = :digest"
        connection.execute(
            sa.text(
                f"UPDATE sharing_outbox SET {assignments} "  # noqa: S608 - fixed text
                "WHERE receiver = :receiver AND sequence = :sequence"
            ),
            values,
        )

    _backfill_inbox_categories(connection)


def _backfill_inbox_categories(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.text("SELECT sender, sequence, payload FROM sharing_inbox WHERE payload IS NOT NULL")
    ).all()
    for sender, sequence, payload in rows:
        document = json.loads(bytes(payload))
        connection.execute(
            sa.text(
                "UPDATE sharing_inbox SET category = :category "
                "WHERE sender = :sender AND sequence = :sequence"
            ),
            {"category": document.get("category"), "sender": sender, "sequence": sequence},
        )


def downgrade() -> None:
    op.drop_table("sharing_releases")
    op.drop_index("ix_sharing_outbox_receiver_status_sequence", table_name="sharing_outbox")
    with op.batch_alter_table("sharing_outbox", schema=None) as batch_op:
        batch_op.drop_column("category")
    with op.batch_alter_table("sharing_inbox", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("category")
        batch_op.drop_column("handling")
        batch_op.drop_column("item")
