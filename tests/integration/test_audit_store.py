"""The audit log in the store: sign-ins and account changes chained, tampering found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from helpers import PASSWORD, FakeClock
from limes.access import services as access
from limes.access.adapters_passwords import Argon2PasswordHasher
from limes.access.errors import BadCredentials
from limes.access.model import Role
from limes.adapters.store import schema
from limes.audit import services as audit
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.settings import load_settings


@pytest.fixture
def store_node(database_url: str, tmp_path: Path) -> Iterator[Node]:
    node = bootstrap(
        load_settings(data_dir=tmp_path / "data", database_url=database_url),
        clock=FakeClock(),
        hasher=Argon2PasswordHasher(time_cost=1, memory_cost_kib=64),
    )
    schema.upgrade(node.engine)
    yield node
    node.close()


def sign_in(node: Node, password: str) -> None:
    access.sign_in(
        node.uow(),
        node.hasher,
        node.clock,
        throttle=node.sign_in_throttle,
        username="amal",
        password=password,
        client="10.1.1.1",
        secret_key=node.secret_key,
        token_ttl_s=600,
    )


def test_account_creation_and_sign_ins_are_chained_in_order(store_node: Node) -> None:
    access.add_user(
        store_node.uow(),
        store_node.hasher,
        store_node.clock,
        actor="cli",
        username="amal",
        password=PASSWORD,
        role=Role.ANALYST,
        party="IRQ",
    )
    sign_in(store_node, PASSWORD)
    with pytest.raises(BadCredentials):
        sign_in(store_node, "wrong password")
    with store_node.uow() as uow:
        kinds = [(e.kind, e.actor, e.subject) for e in uow.audit.entries()]
        report = audit.verify_log(uow.audit)
    assert kinds == [
        ("role_changed", "cli", "user:amal"),
        ("sign_in", "user:amal", "user:amal"),
        ("sign_in_failed", "client:10.1.1.1", "user:amal"),
    ]
    assert report.ok
    assert report.entries_checked == 3


def test_an_edited_entry_is_named_by_verify(store_node: Node) -> None:
    for name in ("amal", "zaid", "huda"):
        access.add_user(
            store_node.uow(),
            store_node.hasher,
            store_node.clock,
            actor="cli",
            username=name,
            password=PASSWORD,
            role=Role.ANALYST,
            party="IRQ",
        )
    with store_node.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE sequence = 2"))
    with store_node.uow() as uow:
        report = audit.verify_log(uow.audit)
    assert report.first_break is not None
    assert report.first_break.sequence == 2


def test_a_rolled_back_action_leaves_no_audit_entry(store_node: Node) -> None:
    with store_node.uow() as uow:
        audit.record(uow.audit, store_node.clock, kind="sign_in", actor="x", subject="y")
        # no commit: the unit of work rolls back
    with store_node.uow() as uow:
        assert uow.audit.last() is None


def fill(node: Node, entries: int) -> None:
    for n in range(entries):
        with node.uow() as uow:
            audit.record(uow.audit, node.clock, kind="sign_in", actor=f"user{n}", subject="node")
            uow.commit()


def rehash_from(node: Node, sequence: int) -> None:
    """The attack the issue names: rewrite one entry and re-hash every entry after it."""
    from limes.audit.chain import append_entry  # noqa: PLC0415

    with node.uow() as uow:
        entries = list(uow.audit.entries())
    previous = entries[sequence - 2] if sequence > 1 else None
    with node.engine.begin() as connection:
        for entry in entries[sequence - 1 :]:
            actor = "forger" if entry.sequence == sequence else entry.actor
            new = append_entry(previous, kind=entry.kind, actor=actor, subject=entry.subject,
                               details=entry.details, recorded_at=entry.recorded_at)  # fmt: skip
            values = {"a": new.actor, "p": new.previous_sha256, "h": new.entry_sha256}
            connection.execute(
                text("UPDATE audit_log SET actor = :a, previous_sha256 = :p, entry_sha256 = :h "
                     "WHERE sequence = :s"),
                {**values, "s": new.sequence},
            )  # fmt: skip
            previous = new


def test_signed_checkpoints_catch_a_cut_off_end_and_a_rehashed_chain(store_node: Node) -> None:
    from limes.audit.adapters_checkpoints import make_checkpoint, read_checkpoints  # noqa: PLC0415
    from limes.sharing.errors import EnvelopeTampered  # noqa: PLC0415
    from limes.sharing.identity import NodeKeyring  # noqa: PLC0415

    keyring = NodeKeyring.generate("IRQ", store_node.clock.now())
    fill(store_node, 30)
    with store_node.uow() as uow:
        line = make_checkpoint(uow.audit, keyring, now=store_node.clock.now(), anchors=[])
    anchors = read_checkpoints(line, keys=keyring.public_keys(), now=store_node.clock.now())
    assert [a.sequence for a in anchors] == [30]
    with store_node.engine.begin() as connection:  # cut the last 10 entries off
        connection.execute(text("DELETE FROM audit_log WHERE sequence > 20"))
    with store_node.uow() as uow:
        assert audit.verify_log(uow.audit).first_break is None  # the chain alone cannot tell
        cut = audit.verify_log(uow.audit, anchors=anchors).first_break
    assert cut is not None and "before anchored entry" in cut.reason
    fill(store_node, 10)  # the end grown back to 30 entries, then entry 5 rewritten
    rehash_from(store_node, 5)
    with store_node.uow() as uow:
        assert audit.verify_log(uow.audit).first_break is None
        rewritten = audit.verify_log(uow.audit, anchors=anchors).first_break
    assert rewritten is not None and "not the anchored one" in rewritten.reason
    forged = line.replace('"sequence": 30', '"sequence": 20')
    with pytest.raises(EnvelopeTampered):
        read_checkpoints(forged, keys=keyring.public_keys(), now=store_node.clock.now())
