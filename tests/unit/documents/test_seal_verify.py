"""Issuing and verifying visa seals: round trips on the curves, and every way a seal fails."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from limes.documents.seal import (
    CountryCA,
    DurationOfStay,
    MrzType,
    SealCertificateExpired,
    SealMalformed,
    SealSignatureInvalid,
    SealUnknownSigner,
    TrustList,
    VisaSealFeatures,
    VisaSigner,
    issue_seal,
    parse_seal,
    verify_seal,
)
from limes.errors import Invalid

JAN_2026 = datetime(2026, 1, 1, tzinfo=UTC)
ISSUED = date(2026, 11, 25)
MRV_B = (
    "VCSYRHASSAN<<AHMED<<<<<<<<<<<<<<<<<<",
    "S123456781IRQ9001014M2705254<<<<<<<<",
)


def iraq_ca() -> CountryCA:
    return CountryCA.create(
        country="IQ", issuing_country="IRQ", name="Iraq Visa Seal CA", not_before=JAN_2026
    )


def signer_of(ca: CountryCA, curve: str = "P-256", serial: int = 0x1F) -> VisaSigner:
    return ca.issue_signer(signer_code="VS", serial_number=serial, not_before=JAN_2026, curve=curve)


def trusting(ca: CountryCA, *signers: VisaSigner) -> TrustList:
    trust = TrustList()
    trust.add_authority(ca.certificate)
    for signer in signers:
        trust.add_signer(signer.certificate)
    return trust


def tourist_features() -> VisaSealFeatures:
    return VisaSealFeatures.from_mrz(
        MRV_B,
        passport_number="N12345678",
        duration_of_stay=DurationOfStay(days=30),
        number_of_entries=1,
    )


@pytest.mark.parametrize(
    "curve",
    [
        "P-256",
        "brainpoolP224r1",
        "brainpoolP256r1",
        "P-384",
        "brainpoolP320r1",
        "P-521",
    ],
)
def test_a_seal_issued_on_any_part_13_curve_verifies_with_its_content(curve: str) -> None:
    ca = iraq_ca()
    signer = signer_of(ca, curve)
    data = issue_seal(tourist_features(), signer, issued_on=ISSUED)
    verified = verify_seal(data, trusting(ca, signer), today=date(2026, 12, 1))
    assert verified.header.issuing_country == "IRQ"
    assert verified.header.signer == "IQVS-1F"
    assert verified.header.document_issue_date == ISSUED
    assert verified.visa is not None
    assert verified.visa.mrz_type is MrzType.MRV_B
    assert verified.visa.visa_number == "S12345678"
    assert verified.visa.passport_number == "N12345678"
    assert verified.visa.duration_of_stay == DurationOfStay(days=30)
    assert verified.visa.number_of_entries == 1
    assert verified.visa.matches_mrz(MRV_B)
    assert verified.signer_certificate == signer.certificate


def test_the_seal_keeps_line_2_only_up_to_the_expiry_check_digit() -> None:
    features = tourist_features()
    assert features.mrz_line2 == MRV_B[1][:28]
    other_optional_data = (MRV_B[0], MRV_B[1][:28] + "ABCDEFGH")
    assert features.matches_mrz(other_optional_data)
    assert not features.matches_mrz((MRV_B[0], "S123456781IRQ9001014M2705264<<<<<<<<"))


def test_an_mrv_a_visa_seal_holds_72_characters_of_mrz() -> None:
    mrv_a = (
        "VCSYRHASSAN<<AHMED<<<<<<<<<<<<<<<<<<<<<<<<<<",
        "S123456781IRQ9001014M2705254<<<<<<<<<<<<<<<<",
    )
    features = VisaSealFeatures.from_mrz(
        mrv_a, passport_number="N1", duration_of_stay=DurationOfStay(months=3)
    )
    ca = iraq_ca()
    signer = signer_of(ca)
    seal = parse_seal(issue_seal(features, signer, issued_on=ISSUED))
    assert dict(seal.features)[1] and len(dict(seal.features)[1]) == 48
    decoded = VisaSealFeatures.decode(seal.features)
    assert decoded.mrz_type is MrzType.MRV_A
    assert decoded.number_of_entries is None
    assert decoded.passport_number == "N1"


def test_one_byte_changed_anywhere_is_never_accepted() -> None:
    ca = iraq_ca()
    signer = signer_of(ca)
    trust = trusting(ca, signer)
    data = issue_seal(tourist_features(), signer, issued_on=ISSUED)
    for position in range(len(data)):
        altered = bytearray(data)
        altered[position] ^= 0x01
        with pytest.raises(Invalid) as caught:
            verify_seal(bytes(altered), trust, today=ISSUED)
        assert caught.value.code in {
            "seal_malformed",
            "seal_unknown_signer",
            "seal_signature_invalid",
            "seal_certificate_expired",
        }, position


def test_a_changed_byte_in_the_message_reads_as_a_forgery() -> None:
    ca = iraq_ca()
    signer = signer_of(ca)
    data = bytearray(issue_seal(tourist_features(), signer, issued_on=ISSUED))
    data[-70] ^= 0x10  # inside the passport number, the last feature before the signature
    with pytest.raises(SealSignatureInvalid) as caught:
        verify_seal(bytes(data), trusting(ca, signer), today=ISSUED)
    assert caught.value.code == "seal_signature_invalid"
    assert "altered or forged" in caught.value.message


def test_a_seal_from_a_signer_not_in_the_trust_list_is_unknown() -> None:
    ca = iraq_ca()
    known, stranger = signer_of(ca, serial=1), signer_of(ca, serial=2)
    data = issue_seal(tourist_features(), stranger, issued_on=ISSUED)
    with pytest.raises(SealUnknownSigner) as caught:
        verify_seal(data, trusting(ca, known), today=ISSUED)
    assert caught.value.code == "seal_unknown_signer"
    assert "IQVS-2" in caught.value.message


def test_a_seal_signed_by_a_forged_certificate_under_a_trusted_name_fails() -> None:
    ca, impostor_ca = iraq_ca(), iraq_ca()  # same name and country, different key
    genuine = signer_of(ca)
    forged = signer_of(impostor_ca)  # same signer code and serial number as the genuine one
    data = issue_seal(tourist_features(), forged, issued_on=ISSUED)
    with pytest.raises(SealSignatureInvalid):
        verify_seal(data, trusting(ca, genuine), today=ISSUED)


def test_a_seal_verified_after_its_signer_certificate_expired_is_refused() -> None:
    ca = iraq_ca()
    signer = ca.issue_signer(
        signer_code="VS", serial_number=3, not_before=JAN_2026, validity_days=400
    )
    data = issue_seal(tourist_features(), signer, issued_on=date(2026, 3, 1))
    trust = trusting(ca, signer)
    assert verify_seal(data, trust, today=date(2027, 2, 1)).header.signer == "IQVS-3"
    with pytest.raises(SealCertificateExpired) as caught:
        verify_seal(data, trust, today=date(2027, 3, 1))
    assert caught.value.code == "seal_certificate_expired"
    assert "expired on 2027-02-05" in caught.value.message


def test_a_signer_cannot_sign_outside_its_certificate_validity() -> None:
    ca = iraq_ca()
    signer = ca.issue_signer(
        signer_code="VS", serial_number=4, not_before=JAN_2026, validity_days=30
    )
    with pytest.raises(SealCertificateExpired):
        issue_seal(tourist_features(), signer, issued_on=date(2026, 3, 1))


def test_a_seal_checked_on_a_day_before_its_certificate_existed_is_refused() -> None:
    ca = iraq_ca()
    signer = signer_of(ca)
    data = issue_seal(tourist_features(), signer, issued_on=ISSUED)
    with pytest.raises(SealCertificateExpired, match="not valid before"):
        verify_seal(data, trusting(ca, signer), today=date(2025, 12, 1))


@pytest.mark.parametrize(
    ("cut", "field"),
    [
        (lambda data: data[:40], "message"),
        (lambda data: data + b"\x00", "signature"),
        (lambda data: data[:-1], "signature"),
        (lambda data: b"\x00" + data, "magic"),
    ],
)
def test_a_truncated_or_padded_seal_is_malformed(cut: object, field: str) -> None:
    ca = iraq_ca()
    signer = signer_of(ca)
    data = issue_seal(tourist_features(), signer, issued_on=ISSUED)
    assert callable(cut)
    with pytest.raises(SealMalformed) as caught:
        verify_seal(cut(data), trusting(ca, signer), today=ISSUED)
    assert caught.value.field == field


def test_a_seal_without_a_passport_number_is_malformed_even_if_signed() -> None:
    ca = iraq_ca()
    signer = signer_of(ca)
    data = issue_seal(tourist_features(), signer, issued_on=ISSUED)
    seal = parse_seal(data)
    without = tuple((tag, value) for tag, value in seal.features if tag != 5)
    with pytest.raises(SealMalformed) as caught:
        VisaSealFeatures.decode(without)
    assert caught.value.field == "passport_number"


def test_features_the_visa_profile_cannot_hold_are_refused_at_issue() -> None:
    with pytest.raises(ValueError, match="44"):
        VisaSealFeatures.from_mrz(
            ("V<SHORT", "V<SHORT"), passport_number="X", duration_of_stay=DurationOfStay()
        )
    with pytest.raises(ValueError, match="9 characters"):
        VisaSealFeatures.from_mrz(
            MRV_B, passport_number="N1234567890", duration_of_stay=DurationOfStay()
        ).encode()
    with pytest.raises(ValueError, match="0-255"):
        DurationOfStay(days=400)


def test_long_features_use_a_der_long_form_length_and_unknown_tags_survive() -> None:
    features = VisaSealFeatures(
        mrz_type=MrzType.MRV_B,
        mrz_line1=MRV_B[0],
        mrz_line2=MRV_B[1][:28],
        passport_number="N12345678",
        duration_of_stay=DurationOfStay(days=90, months=1),
        number_of_entries=0,
        visa_type=b"\x01\x02",
        additional_features=bytes(range(200)),
        other_features=((0x20, b"issuer data"),),
    )
    message = features.encode()
    assert bytes.fromhex("0781c8") in message  # tag 7, length 200 in DER long form
    ca = iraq_ca()
    signer = signer_of(ca)
    data = issue_seal(features, signer, issued_on=ISSUED)
    verified = verify_seal(data, trusting(ca, signer), today=ISSUED)
    assert verified.visa == features
