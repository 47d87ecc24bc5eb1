"""The printable visa page, as PDF (reportlab).

The page carries the visa's visual inspection zone (who, what for, valid from and until,
entries, duration of stay), the seal as a Data Matrix (the 2D barcode Doc 9303 Part 13 and
BSI TR-03137 §5.1 print), and the MRZ at the foot in a monospace face. The MRZ font is
Courier, the nearest to OCR-B that every PDF reader has: ICAO Doc 9303 Part 3 §4.2 asks for
OCR-B, whose licensed font files limes does not ship; the characters and their spacing are
right, so a passport reader parses what a camera reads from the page.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A5, landscape  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from limes.documents.seal import render_datamatrix_png
from limes.visas.model import Visa

_PURPOSES = {
    "tourism": "Tourism",
    "medical": "Medical treatment",
    "medical_companion": "Companion of a patient",
}


def visa_page_pdf(visa: Visa) -> bytes:
    """One A5 landscape page for ``visa``, as PDF bytes."""
    buffer = io.BytesIO()
    width, height = landscape(A5)
    page = Canvas(buffer, pagesize=(width, height))
    page.setTitle(f"Visa {visa.visa_number}")
    page.setAuthor(f"{visa.issuing_state} consular service (limes)")
    page.setFont("Helvetica-Bold", 14)
    page.drawString(12 * mm, height - 14 * mm, f"VISA  {visa.issuing_state}")
    page.setFont("Helvetica", 9)
    holder = visa.holder
    rows = [
        ("Visa number", visa.visa_number),
        ("Surname", holder.surname),
        ("Given names", holder.given_names),
        ("Nationality", holder.nationality),
        ("Date of birth", holder.birth_date.isoformat() if holder.birth_date else "unknown"),
        ("Passport", f"{holder.passport_number} ({holder.passport_issuing_state})"),
        ("Purpose", _PURPOSES.get(visa.purpose.value, visa.purpose.value)),
        ("Valid from", visa.valid_from.isoformat()),
        ("Valid until", visa.valid_until.isoformat()),
        ("Entries", visa.entries_label),
        ("Duration of stay", f"{visa.duration_of_stay_days} days"),
        ("Status", visa.status.value),
    ]
    y = height - 24 * mm
    for label, value in rows:
        page.setFont("Helvetica", 7)
        page.drawString(12 * mm, y, label.upper())
        page.setFont("Helvetica-Bold", 10)
        page.drawString(45 * mm, y, value)
        y -= 6.2 * mm
    seal_png = render_datamatrix_png(visa.seal, scale=6)
    size = 48 * mm
    left, bottom = width - size - 12 * mm, height - size - 20 * mm
    page.drawImage(ImageReader(io.BytesIO(seal_png)), left, bottom, size, size)
    page.setFont("Helvetica", 6)
    page.drawString(
        width - size - 12 * mm, height - size - 24 * mm, "Visible digital seal (ICAO 9303-13)"
    )
    page.setFont("Courier-Bold", 11.5)
    lines = visa.mrz.split("\n")
    for number, line in enumerate(lines):
        page.drawString(10 * mm, 16 * mm - number * 6 * mm, line)
    page.showPage()
    page.save()
    return buffer.getvalue()
