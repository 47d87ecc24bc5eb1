"""The seal printed as a barcode and read back from the picture."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from limes.documents.seal import (
    CountryCA,
    DurationOfStay,
    SealMalformed,
    TrustList,
    VisaSealFeatures,
    issue_seal,
    read_seal_from_image,
    render_datamatrix_png,
    render_qr_png,
    verify_seal,
)

JAN_2026 = datetime(2026, 1, 1, tzinfo=UTC)
ISSUED = date(2026, 11, 25)
MRV_B = (
    "VCSYRHASSAN<<AHMED<<<<<<<<<<<<<<<<<<",
    "S123456781IRQ9001014M2705254<<<<<<<<",
)


def issued_seal() -> tuple[bytes, TrustList]:
    ca = CountryCA.create(country="SY", issuing_country="SYR", name="SY", not_before=JAN_2026)
    signer = ca.issue_signer(signer_code="VS", serial_number=7, not_before=JAN_2026)
    features = VisaSealFeatures.from_mrz(
        MRV_B, passport_number="N1234567", duration_of_stay=DurationOfStay(days=30)
    )
    trust = TrustList()
    trust.add_authority(ca.certificate)
    trust.add_signer(signer.certificate)
    return issue_seal(features, signer, issued_on=ISSUED), trust


@pytest.mark.parametrize("render", [render_datamatrix_png, render_qr_png])
def test_a_seal_survives_issue_png_decode_verify(render: object) -> None:
    data, trust = issued_seal()
    assert callable(render)
    png = render(data)
    assert png.startswith(b"\x89PNG")
    read = read_seal_from_image(png)
    assert read == data
    verified = verify_seal(read, trust, today=ISSUED)
    assert verified.visa is not None
    assert verified.visa.visa_number == "S12345678"


def test_a_scanned_jpeg_of_a_data_matrix_seal_reads_back() -> None:
    from PIL import Image  # noqa: PLC0415 - the module is skipped without Pillow

    data, _ = issued_seal()
    picture = Image.open(io.BytesIO(render_datamatrix_png(data, scale=6))).convert("RGB")
    jpeg = io.BytesIO()
    picture.rotate(90, expand=True).save(jpeg, format="JPEG", quality=80)
    assert read_seal_from_image(jpeg.getvalue()) == data


def test_a_picture_without_a_seal_is_malformed() -> None:
    not_a_seal = render_qr_png(b"https://example.org/not-a-seal")
    with pytest.raises(SealMalformed, match="no seal barcode"):
        read_seal_from_image(not_a_seal)


def test_bytes_that_are_not_a_picture_are_malformed() -> None:
    with pytest.raises(SealMalformed, match="cannot be opened"):
        read_seal_from_image(b"not an image")
