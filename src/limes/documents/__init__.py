"""Travel documents: machine-readable zones (ICAO Doc 9303 Parts 3 to 7) and visible digital
seals (Part 13, in :mod:`limes.documents.seal`).

The functions a caller needs are re-exported here; the modules below hold the details.
"""

from __future__ import annotations

from limes.documents.mrz.check_digits import check_digit
from limes.documents.mrz.countries import country_name, is_known_code
from limes.documents.mrz.generator import generate_mrv, generate_td1, generate_td2, generate_td3
from limes.documents.mrz.model import Finding, MrzDocument, MrzFormat, Sex
from limes.documents.mrz.parser import parse_mrz
from limes.documents.transliteration import transliterate_name

__all__ = [
    "Finding",
    "MrzDocument",
    "MrzFormat",
    "Sex",
    "check_digit",
    "country_name",
    "generate_mrv",
    "generate_td1",
    "generate_td2",
    "generate_td3",
    "is_known_code",
    "parse_mrz",
    "transliterate_name",
]
