"""Public-key documents: printed, fingerprinted, imported by the partner, then rotated."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from limes.audit.canonical import canonical_sha256
from limes.sharing.errors import EnvelopeRevokedKey, KeyDocumentRejected
from limes.sharing.identity import NodeKeyring, format_fingerprint
from limes.sharing.keydocument import KeyDocument, import_key_document

ADDRESS = "https://nbc.moi.gov.iq:8443"


def test_a_printed_document_names_party_keys_and_fingerprint(iraq) -> None:
    document = KeyDocument.issue(iraq, address=ADDRESS)
    text = document.to_text()
    raw = json.loads(text)
    assert raw["party"] == "IRQ"
    assert raw["address"] == ADDRESS
    assert raw["keys"][0]["key_id"] == iraq.keys[0].key_id
    assert raw["fingerprint"] == format_fingerprint(document.fingerprint)
    assert "PRIVATE" not in text


def test_the_partner_imports_a_document_whose_fingerprint_it_was_told(iraq, clock) -> None:
    document = KeyDocument.issue(iraq, address=ADDRESS)
    spoken = format_fingerprint(document.fingerprint).lower().replace(" ", ":")
    partner = import_key_document(
        document.to_text(), expected_fingerprint=spoken, known=None, now=clock.now()
    )
    assert partner.party == "IRQ"
    assert partner.address == ADDRESS
    assert partner.keys == iraq.public_keys()


def test_a_document_with_another_fingerprint_is_not_imported(iraq, syria, clock) -> None:
    text = KeyDocument.issue(iraq, address=ADDRESS).to_text()
    other = KeyDocument.issue(syria, address=ADDRESS).fingerprint
    with pytest.raises(KeyDocumentRejected, match="does not match"):
        import_key_document(text, expected_fingerprint=other, known=None, now=clock.now())


def test_a_first_import_without_a_fingerprint_is_refused(iraq, clock) -> None:
    text = KeyDocument.issue(iraq, address=ADDRESS).to_text()
    with pytest.raises(KeyDocumentRejected, match="out of band"):
        import_key_document(text, expected_fingerprint=None, known=None, now=clock.now())


def test_a_document_with_a_swapped_key_fails_its_proof(iraq, syria, clock) -> None:
    raw = json.loads(KeyDocument.issue(iraq, address=ADDRESS).to_text())
    substitute = json.loads(KeyDocument.issue(syria, address=ADDRESS).to_text())["keys"][0]
    raw["keys"][0]["public_key"] = substitute["public_key"]
    raw["keys"][0]["key_id"] = substitute["key_id"]
    body = {k: v for k, v in raw.items() if k not in ("fingerprint", "proofs")}
    raw["fingerprint"] = canonical_sha256(body)  # a forger would fix the fingerprint too
    with pytest.raises(KeyDocumentRejected, match="did not sign"):
        KeyDocument.from_text(json.dumps(raw))


def test_a_document_whose_printed_fingerprint_was_altered_is_refused(iraq) -> None:
    raw = json.loads(KeyDocument.issue(iraq, address=ADDRESS).to_text())
    raw["address"] = "https://elsewhere.example"
    with pytest.raises(KeyDocumentRejected, match="fingerprint"):
        KeyDocument.from_text(json.dumps(raw))


def test_a_rotation_document_signed_by_a_trusted_key_needs_no_new_fingerprint(iraq, clock) -> None:
    first = KeyDocument.issue(iraq, address=ADDRESS)
    partner = import_key_document(
        first.to_text(), expected_fingerprint=first.fingerprint, known=None, now=clock.now()
    )
    rotated = iraq.rotate(clock.now(), overlap=timedelta(hours=12))
    updated = import_key_document(
        KeyDocument.issue(rotated, address=ADDRESS).to_text(),
        expected_fingerprint=None,
        known=partner,
        now=clock.now(),
    )
    assert [k.key_id for k in updated.keys.keys] == [k.key_id for k in rotated.keys]
    assert updated.keys.keys[0].retires_at == clock.now() + timedelta(hours=12)


def test_a_document_signed_only_by_strangers_is_not_taken_as_a_rotation(iraq, clock) -> None:
    first = KeyDocument.issue(iraq, address=ADDRESS)
    partner = import_key_document(
        first.to_text(), expected_fingerprint=first.fingerprint, known=None, now=clock.now()
    )
    impostor = NodeKeyring.generate("IRQ", clock.now())
    with pytest.raises(KeyDocumentRejected):
        import_key_document(
            KeyDocument.issue(impostor, address="https://evil.example").to_text(),
            expected_fingerprint=None,
            known=partner,
            now=clock.now(),
        )


def test_a_revocation_once_learnt_is_never_undone_by_a_later_document(iraq, clock) -> None:
    first = KeyDocument.issue(iraq, address=ADDRESS)
    partner = import_key_document(
        first.to_text(), expected_fingerprint=first.fingerprint, known=None, now=clock.now()
    )
    old_id = iraq.keys[0].key_id
    rotated = iraq.rotate(clock.now(), overlap=timedelta(days=1))
    revoked = rotated.revoke(old_id, clock.now())
    partner = import_key_document(
        KeyDocument.issue(revoked, address=ADDRESS).to_text(),
        expected_fingerprint=None,
        known=import_key_document(
            KeyDocument.issue(rotated, address=ADDRESS).to_text(),
            expected_fingerprint=None,
            known=partner,
            now=clock.now(),
        ),
        now=clock.now(),
    )
    # The thief of the old key re-issues the pre-revocation document: it is signed by a
    # key the partner still trusts (the new one), yet the revocation stands.
    stale = import_key_document(
        KeyDocument.issue(rotated, address=ADDRESS).to_text(),
        expected_fingerprint=None,
        known=partner,
        now=clock.now(),
    )
    old = iraq.keys[0]
    with pytest.raises(EnvelopeRevokedKey):
        stale.keys.verify(old_id, old.sign(b"x"), b"x", clock.now())
