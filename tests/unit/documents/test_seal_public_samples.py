"""Seals made by other implementations, from public sources, parsed and verified here.

Sources (all public):

- BSI TR-03137 Part 1 v2.5 (Dec 2021), Annex F: a visa seal (brainpoolP224r1, signer DETS,
  certificate reference 32); Annex G: an address sticker; Annex H: a residence sticker, both by
  the same signer. Hex copied from the annexes.
- tsenger/vdstools (open-source Java/Kotlin VDS library by the TR's author), test file
  ``src/test/java/de/tsenger/vdstools/vds/VdsRawBytes.java``: ``visa_224bitSig`` and
  ``addressStickerId``, also signed by DETS32.

The DETS32 certificate itself is published only inside a binary keystore, so its public key is
taken another way: ECDSA public-key recovery on the Annex F signature gives two candidate keys;
exactly one of them verifies the four *other* seals, which were signed independently. That key
is below. Certifying it with a test CA of our own lets each sample go through the whole
:func:`verify_seal` path (parse, chain, dates, signature with SHA-224 on brainpoolP224r1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from limes.documents.seal import (
    CountryCA,
    DurationOfStay,
    MrzType,
    SealSignatureInvalid,
    TrustList,
    parse_seal,
    verify_seal,
)

BSI_ANNEX_F_VISA = bytes.fromhex(
    "dc036abc6d32c8a72cb10f7134b798155d01022cdd52134a74da1347c6fed95cb89f9fce133c133c133c133c"
    "203833734aaf47f0c32f1a1e20eb2625393afe310403a00000050633be1fed20c6ff38d5573247608c9b64ca"
    "e022c1c5249660e51ae316d600f974aac2129c3f093c3595531402630470 5cd24c1b8100711bd4411f068e8d"
    "93e8b7".replace(" ", "")
)
BSI_ANNEX_G_ADDRESS_STICKER = bytes.fromhex(
    "dc036abc6d32c8a72cb10f7135b79815f9080106cf3519af974c02061a70208519a10310395e26b3d9a27573"
    "5bd4cd485ca17176ff389101f305c9aa04d2ab00212c7cf65fefcaaf565a54538b2498d681a18839c9265652"
    "6c40594b0b1da12a27f687a3501278dc4145b6e64afc"
)
BSI_ANNEX_H_RESIDENCE_STICKER = bytes.fromhex(
    "dc036abc6d32c8a72cb10f7135b79815f80a0106b77a38e596ce02061a203a4d1fe1030426532081ff381462"
    "bcfef51ad1b8d09de328b15c5435e64829ce548647dd579787169624a046738dc5023708319a4294811131ea"
    "ac58d518cfe98b431437"
)
VDSTOOLS_VISA_224BIT_SIG = bytes.fromhex(
    "DC03D9C56D32C8A72CB10F71347D00175D01022CDD52134A74DA1347C6FED95CB89F9FCE133C133C133C133C"
    "203833734AAF47F0C32F1A1E20EB2625393AFE310403A00000050633BE1FED20C6FF389FD029C66FB2E4BF36"
    "1CDBFFD8F5931B6259F645B077702C617F453D0B898A55E6E7870974FFE7B3AC416ACDE6B03B3C3A8CB5A22B"
    "456816"
)
VDSTOOLS_ADDRESS_STICKER_ID = bytes.fromhex(
    "DC03D9C56D32C8A72CB16ECF476ECF47F9080106CF3519AF974C02061A70208519A1030E395E463E740C749F"
    "AD19D31EFE32FF388F16D14E828A86E0F8E31DDF13CC2CB3E0D8F5E4706562C9503D7326AD6C0FA84154607D"
    "70975E5B7DFB2E36197988ECE64345D37AD9B97C"
)
# SubjectPublicKeyInfo (id-ecPublicKey, brainpoolP224r1) of the recovered DETS32 key.
DETS32_SPKI = bytes.fromhex(
    "3052301406072a8648ce3d020106092b240303020801010503"
    "3a00044ce232a26aa6a7d4416cb1ccbd5b9bf47e89cd00f2b5c59935c83cfa581aaa53126861ee3449af"
    "e3a0cd338a63e2ed2e6dfa3788ce178fe2"
)
ALL_SAMPLES = [
    BSI_ANNEX_F_VISA,
    BSI_ANNEX_G_ADDRESS_STICKER,
    BSI_ANNEX_H_RESIDENCE_STICKER,
    VDSTOOLS_VISA_224BIT_SIG,
    VDSTOOLS_ADDRESS_STICKER_ID,
]


def trust_in_dets32() -> TrustList:
    test_ca = CountryCA.create(
        country="DE",
        issuing_country="D<<",
        name="limes test CA for the public DETS32 key",
        not_before=datetime(2019, 1, 1, tzinfo=UTC),
    )
    certificate = test_ca.certify(
        DETS32_SPKI,
        signer_code="TS",
        serial_number=0x32,
        not_before=datetime(2019, 1, 1, tzinfo=UTC),
        validity_days=3650,
    )
    trust = TrustList()
    trust.add_authority(test_ca.certificate)
    trust.add_signer(certificate)
    return trust


def test_the_bsi_visa_example_parses_to_its_documented_fields() -> None:
    seal = parse_seal(BSI_ANNEX_F_VISA)
    assert seal.is_visa
    assert seal.header.signer == "DETS-32"
    assert seal.header.signature_creation_date == date(2021, 12, 3)
    assert len(seal.signature) == 56
    verified = verify_seal(BSI_ANNEX_F_VISA, trust_in_dets32(), today=date(2022, 1, 10))
    visa = verified.visa
    assert visa is not None
    assert visa.mrz_type is MrzType.MRV_B
    assert visa.mrz_line1 == "VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<"
    assert visa.mrz_line2 == "1234567XY7GBR5203116M2005250"
    assert visa.visa_number == "1234567XY"
    assert visa.duration_of_stay == DurationOfStay(days=160)
    assert visa.passport_number == "47110815P"
    assert visa.number_of_entries is None


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=["F", "G", "H", "vdsvisa", "vdsaddr"])
def test_every_public_dets32_seal_verifies(sample: bytes) -> None:
    verified = verify_seal(sample, trust_in_dets32(), today=date(2024, 1, 1))
    assert verified.header.signer_identifier == "DETS"


def test_the_non_visa_samples_keep_their_features_undecoded() -> None:
    verified = verify_seal(BSI_ANNEX_G_ADDRESS_STICKER, trust_in_dets32(), today=date(2024, 1, 1))
    assert verified.visa is None
    assert [tag for tag, _ in verified.features] == [1, 2, 3]


def test_the_public_visa_with_its_duration_of_stay_raised_fails() -> None:
    forged = bytearray(BSI_ANNEX_F_VISA)
    at = forged.index(bytes.fromhex("0403a00000"))
    forged[at + 2] = 0xFF  # 255 days instead of 160
    with pytest.raises(SealSignatureInvalid):
        verify_seal(bytes(forged), trust_in_dets32(), today=date(2022, 1, 10))
