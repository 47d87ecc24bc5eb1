"""Node keys: made at init, kept in owner-only files, rotated with an overlap, revoked."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest

from limes.errors import ConfigError, Conflict, Invalid
from limes.sharing.errors import EnvelopeRevokedKey, EnvelopeTampered, EnvelopeUnknownKey
from limes.sharing.identity import KeyStatus, NodeKeyring, format_fingerprint
from limes.sharing.keyfiles import FileKeyStore

MESSAGE = b"limes-test/1\nalarm at chainage 41250 m"


def test_a_new_node_has_one_key_that_signs_what_its_public_half_verifies(iraq, clock) -> None:
    key = iraq.signing_key(clock.now())
    assert len(iraq.keys) == 1
    signature = key.sign(MESSAGE)
    assert (
        iraq.public_keys().verify(key.key_id, signature, MESSAGE, clock.now()).key_id == key.key_id
    )


def test_a_signature_over_another_message_does_not_verify(iraq, clock) -> None:
    key = iraq.signing_key(clock.now())
    with pytest.raises(EnvelopeTampered):
        iraq.public_keys().verify(key.key_id, key.sign(MESSAGE), MESSAGE + b"!", clock.now())


def test_the_private_key_never_shows_in_a_repr(iraq) -> None:
    assert "private_key" not in repr(iraq.keys[0])


def test_keys_are_stored_as_owner_only_files_outside_the_database(iraq, tmp_path) -> None:
    store = FileKeyStore(tmp_path)
    store.save(iraq)
    folder = tmp_path / "keys"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["keyring.json", f"node-{iraq.keys[0].key_id[:16]}.pem"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "PRIVATE KEY" not in (folder / "keyring.json").read_text()


def test_a_stored_keyring_loads_back_the_same_keys_and_times(iraq, clock, tmp_path) -> None:
    store = FileKeyStore(tmp_path)
    assert store.load() is None
    rotated = iraq.rotate(clock.now(), overlap=timedelta(hours=6))
    store.save(rotated)
    loaded = store.load()
    assert loaded is not None
    assert loaded.party == "IRQ"
    assert loaded.public_keys() == rotated.public_keys()
    key = loaded.signing_key(clock.now())
    assert rotated.public_keys().verify(key.key_id, key.sign(MESSAGE), MESSAGE, clock.now())


def test_a_key_file_others_can_read_is_refused(iraq, tmp_path) -> None:
    store = FileKeyStore(tmp_path)
    store.save(iraq)
    (tmp_path / "keys" / f"node-{iraq.keys[0].key_id[:16]}.pem").chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        store.load()


def test_during_the_rotation_overlap_both_keys_verify(iraq, clock) -> None:
    old = iraq.signing_key(clock.now())
    rotated = iraq.rotate(clock.now(), overlap=timedelta(hours=24))
    new = rotated.signing_key(clock.now())
    assert new.key_id != old.key_id
    partner_view = rotated.public_keys()
    clock.advance(hours=23)
    for key in (old, new):
        partner_view.verify(key.key_id, key.sign(MESSAGE), MESSAGE, clock.now())


def test_after_the_overlap_the_old_key_no_longer_verifies(iraq, clock) -> None:
    old = iraq.signing_key(clock.now())
    rotated = iraq.rotate(clock.now(), overlap=timedelta(hours=24))
    clock.advance(hours=24)
    assert rotated.public_keys().keys[0].status_at(clock.now()) is KeyStatus.RETIRED
    with pytest.raises(EnvelopeRevokedKey, match="retired"):
        rotated.public_keys().verify(old.key_id, old.sign(MESSAGE), MESSAGE, clock.now())
    new = rotated.signing_key(clock.now())
    rotated.public_keys().verify(new.key_id, new.sign(MESSAGE), MESSAGE, clock.now())


def test_a_revoked_key_stops_verifying_at_once_even_within_the_overlap(iraq, clock) -> None:
    old = iraq.signing_key(clock.now())
    revoked = iraq.rotate(clock.now(), overlap=timedelta(days=7)).revoke(old.key_id, clock.now())
    with pytest.raises(EnvelopeRevokedKey, match="revoked"):
        revoked.public_keys().verify(old.key_id, old.sign(MESSAGE), MESSAGE, clock.now())


def test_the_only_signing_key_cannot_be_revoked_before_a_rotation(iraq, clock) -> None:
    with pytest.raises(Conflict):
        iraq.revoke(iraq.keys[0].key_id, clock.now())


def test_a_key_of_another_party_is_unknown(iraq, syria, clock) -> None:
    key = syria.signing_key(clock.now())
    with pytest.raises(EnvelopeUnknownKey):
        iraq.public_keys().verify(key.key_id, key.sign(MESSAGE), MESSAGE, clock.now())


def test_a_fingerprint_reads_as_sixteen_groups_of_four() -> None:
    groups = format_fingerprint("ab" * 32).split(" ")
    assert len(groups) == 16
    assert all(g == "ABAB" for g in groups)


def test_a_party_must_be_an_alpha_3_code(clock) -> None:
    with pytest.raises(Invalid, match="alpha-3") as raised:
        NodeKeyring.generate("Iraq", clock.now())
    assert raised.value.field == "party"
