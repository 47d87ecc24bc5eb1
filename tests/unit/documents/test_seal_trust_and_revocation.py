"""Trust lists exchanged between the two states, and visa revocation lists."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from limes.documents.seal import (
    CountryCA,
    DurationOfStay,
    RevocationList,
    SealRevoked,
    TrustList,
    TrustListInvalid,
    VisaSealFeatures,
    VisaSigner,
    issue_seal,
    parse_seal,
    verify_seal,
)

JAN_2026 = datetime(2026, 1, 1, tzinfo=UTC)
ISSUED = date(2026, 11, 25)
MRV_B = (
    "VCIRQKARIM<<LAYLA<<<<<<<<<<<<<<<<<<<",
    "I765432108SYR8505053F2705254<<<<<<<<",
)


def state(country: str, issuing_country: str) -> tuple[CountryCA, VisaSigner]:
    ca = CountryCA.create(
        country=country, issuing_country=issuing_country, name=f"{country} CA", not_before=JAN_2026
    )
    return ca, ca.issue_signer(signer_code="VS", serial_number=1, not_before=JAN_2026)


def visa_seal(signer: VisaSigner) -> bytes:
    features = VisaSealFeatures.from_mrz(
        MRV_B,
        passport_number="P7654321",
        duration_of_stay=DurationOfStay(days=15),
        number_of_entries=2,
    )
    return issue_seal(features, signer, issued_on=ISSUED)


def bundle(ca: CountryCA, *signers: VisaSigner) -> bytes:
    return ca.certificate_pem() + b"".join(s.certificate_pem() for s in signers)


def test_a_partner_bundle_imported_as_pem_verifies_the_partner_s_seals() -> None:
    syria_ca, syria_signer = state("SY", "SYR")
    iraq_ca, iraq_signer = state("IQ", "IRQ")
    iraq_trust = TrustList()
    iraq_trust.import_pem(bundle(iraq_ca, iraq_signer))
    iraq_trust.import_pem(bundle(syria_ca, syria_signer))
    verified = verify_seal(visa_seal(syria_signer), iraq_trust, today=ISSUED)
    assert verified.header.issuing_country == "SYR"
    assert verified.authority_certificate == syria_ca.certificate
    copy = TrustList()
    copy.import_pem(iraq_trust.export_pem())
    assert len(copy.authorities) == 2
    assert len(copy.signers) == 2


def test_a_signer_certificate_from_an_untrusted_authority_is_refused() -> None:
    _, rogue_signer = state("SY", "SYR")
    trusted_ca, _ = state("SY", "SYR")
    trust = TrustList()
    trust.add_authority(trusted_ca.certificate)
    with pytest.raises(TrustListInvalid, match="not issued by a trusted authority"):
        trust.add_signer(rogue_signer.certificate)


def test_a_signer_certificate_cannot_pose_as_an_authority() -> None:
    _, signer = state("IQ", "IRQ")
    with pytest.raises(TrustListInvalid):
        TrustList().add_authority(signer.certificate)


def test_a_stored_signer_and_authority_load_back_and_still_sign() -> None:
    ca, signer = state("IQ", "IRQ")
    ca_again = CountryCA.load(ca.certificate_pem(), ca.private_key_pem(), issuing_country="IRQ")
    signer_again = VisaSigner.load(
        signer.certificate_pem(), signer.key.private_pem(), issuing_country="IRQ"
    )
    trust = TrustList()
    trust.add_authority(ca_again.certificate)
    trust.add_signer(signer_again.certificate)
    assert verify_seal(visa_seal(signer_again), trust, today=ISSUED).visa is not None


def test_a_revoked_visa_number_is_refused_with_its_number() -> None:
    ca, signer = state("IQ", "IRQ")
    trust = TrustList()
    trust.import_pem(bundle(ca, signer))
    data = visa_seal(signer)
    assert verify_seal(data, trust, today=ISSUED).visa is not None
    revoked = RevocationList("IRQ", 1, ISSUED, revoked_visa_numbers=frozenset({"I76543210"}))
    trust.import_revocation_list(revoked.sign(ca))
    with pytest.raises(SealRevoked) as caught:
        verify_seal(data, trust, today=ISSUED)
    assert caught.value.code == "seal_revoked"
    assert "visa I76543210 has been revoked by IRQ" in caught.value.message


def test_a_revoked_seal_id_is_refused() -> None:
    ca, signer = state("IQ", "IRQ")
    trust = TrustList()
    trust.import_pem(bundle(ca, signer))
    data = visa_seal(signer)
    seal_id = parse_seal(data).seal_id
    trust.import_revocation_list(
        RevocationList("IRQ", 1, ISSUED, revoked_seal_ids=frozenset({seal_id})).sign(ca)
    )
    with pytest.raises(SealRevoked, match=seal_id):
        verify_seal(data, trust, today=ISSUED)


def test_a_newer_list_replaces_an_older_one_and_an_older_one_changes_nothing() -> None:
    ca, signer = state("IQ", "IRQ")
    trust = TrustList()
    trust.import_pem(bundle(ca, signer))
    first = RevocationList("IRQ", 1, ISSUED, revoked_visa_numbers=frozenset({"I76543210"}))
    second = RevocationList("IRQ", 2, date(2026, 11, 26))  # the revocation was lifted
    trust.import_revocation_list(first.sign(ca))
    trust.import_revocation_list(second.sign(ca))
    assert trust.import_revocation_list(first.sign(ca)) == second
    assert verify_seal(visa_seal(signer), trust, today=ISSUED).visa is not None


def test_a_list_from_another_authority_does_not_touch_this_authority_s_visas() -> None:
    iraq_ca, iraq_signer = state("IQ", "IRQ")
    syria_ca, syria_signer = state("SY", "SYR")
    trust = TrustList()
    trust.import_pem(bundle(iraq_ca, iraq_signer) + bundle(syria_ca, syria_signer))
    syrian_list = RevocationList("SYR", 1, ISSUED, revoked_visa_numbers=frozenset({"I76543210"}))
    trust.import_revocation_list(syrian_list.sign(syria_ca))
    assert verify_seal(visa_seal(iraq_signer), trust, today=ISSUED).visa is not None


def test_an_altered_revocation_list_is_refused() -> None:
    ca, signer = state("IQ", "IRQ")
    trust = TrustList()
    trust.import_pem(bundle(ca, signer))
    document = json.loads(RevocationList("IRQ", 1, ISSUED).sign(ca))
    document["list"]["revoked_visa_numbers"] = ["X0000000"]
    with pytest.raises(TrustListInvalid, match="altered"):
        trust.import_revocation_list(json.dumps(document).encode())


def test_a_revocation_list_from_an_unknown_authority_is_refused() -> None:
    ca, _ = state("IQ", "IRQ")
    with pytest.raises(TrustListInvalid, match="not in the trust list"):
        TrustList().import_revocation_list(RevocationList("IRQ", 1, ISSUED).sign(ca))


@pytest.mark.parametrize("document", [b"", b"[]", b'{"list": {}}', b"\xff"])
def test_garbage_is_not_a_revocation_list(document: bytes) -> None:
    with pytest.raises(TrustListInvalid) as caught:
        TrustList().import_revocation_list(document)
    assert caught.value.code == "trust_list_invalid"


def test_a_signer_certificate_on_its_authority_s_crl_revokes_its_seals() -> None:
    ca, signer = state("IQ", "IRQ")
    trust = TrustList()
    trust.import_pem(bundle(ca, signer))
    data = visa_seal(signer)
    crl = ca.revoke_signers(
        [1], this_update=JAN_2026, next_update=datetime(2027, 1, 1, tzinfo=UTC), number=1
    )
    assert trust.import_crl(crl) == frozenset({1})
    with pytest.raises(SealRevoked, match="signer certificate IQVS-1"):
        verify_seal(data, trust, today=ISSUED)


def test_a_crl_from_an_untrusted_authority_is_refused() -> None:
    ca, _ = state("IQ", "IRQ")
    impostor, _ = state("IQ", "IRQ")
    trust = TrustList()
    trust.add_authority(ca.certificate)
    forged = impostor.revoke_signers(
        [1], this_update=JAN_2026, next_update=datetime(2027, 1, 1, tzinfo=UTC), number=9
    )
    with pytest.raises(TrustListInvalid, match="not signed by a trusted authority"):
        trust.import_crl(forged)
