"""The seal as a printed barcode: Data Matrix (as Part 13 and TR-03137 §5.1 print it) or QR.

Writing a QR code uses `segno` (pure Python). Writing Data Matrix and reading both use
`zxing-cpp`, whose PyPI wheel carries its own compiled library (no system package needed);
`Pillow` turns pixels into PNG and any scanned image (PNG, JPEG, ...) back into pixels.
Both are imported only when an image is made or read.
"""

from __future__ import annotations

import io
from typing import Any

import segno

from limes.documents.seal.errors import SealMalformed
from limes.documents.seal.header import MAGIC

_QUIET_ZONE_MODULES = 4


def render_qr_png(data: bytes, *, scale: int = 4) -> bytes:
    """A PNG of ``data`` as a QR code (byte mode, error correction M), ``scale`` px/module."""
    code = segno.make_qr(data, error="m", boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=_QUIET_ZONE_MODULES)
    return out.getvalue()


def render_datamatrix_png(data: bytes, *, scale: int = 4) -> bytes:
    """A PNG of ``data`` as a Data Matrix ECC 200 symbol (Base 256 mode), ``scale`` px/module."""
    zxingcpp, image_module = _imaging()
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.DataMatrix)
    pixels = memoryview(zxingcpp.write_barcode_to_image(symbol, scale=scale))
    height, width = pixels.shape or (0, 0)
    picture = image_module.frombytes("L", (width, height), pixels.tobytes())
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def read_seal_from_image(image: bytes) -> bytes:
    """The seal bytes from a picture (PNG, JPEG ...) holding a Data Matrix or QR seal.

    Returns the first barcode whose content starts with the seal marker 0xDC. Raises
    :class:`SealMalformed` when the image cannot be read or holds no seal.
    """
    zxingcpp, image_module = _imaging()
    try:
        picture = image_module.open(io.BytesIO(image)).convert("L")
    except (OSError, ValueError):
        raise SealMalformed("the picture cannot be opened", field="image") from None
    formats = [zxingcpp.BarcodeFormat.DataMatrix, zxingcpp.BarcodeFormat.QRCode]
    for found in zxingcpp.read_barcodes(picture, formats=formats):
        content = bytes(found.bytes)
        if content[:1] == bytes((MAGIC,)):
            return content
    raise SealMalformed("no seal barcode found in the picture", field="image")


def _imaging() -> tuple[Any, Any]:
    # Imported here, not at the top: only making or reading pictures needs the native wheels.
    import zxingcpp  # type: ignore[import-not-found, unused-ignore]  # noqa: PLC0415
    from PIL import Image  # type: ignore[import-not-found, unused-ignore]  # noqa: PLC0415

    return zxingcpp, Image
