"""Number plates of Iraq and Syria, read in Arabic or Latin digits and letters.

Both states' plates carry a number in Arabic-Indic or Western digits and, on many series, a
letter or a province name; officers and carriers write them either way. A plate is kept in
one canonical form (Western digits, letters upper-case, one space between groups) so that the
same truck is the same truck whichever way it was typed, and the script it was read in does
not matter to the risk history.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from limes.cargo.errors import DeclarationInvalid

# Arabic letters on plates, with the Latin letter used for them in the other script (the
# transliteration officers use on manifests: أ A, ب B, ...). Only the letters seen on the two
# states' series; an unknown letter is refused rather than guessed.
ARABIC_LETTERS = {
    "ا": "A", "أ": "A", "ب": "B", "ت": "T", "ث": "TH", "ج": "J", "ح": "H", "خ": "KH",
    "د": "D", "ذ": "DH", "ر": "R", "ز": "Z", "س": "S", "ش": "SH", "ص": "SS", "ض": "DD",
    "ط": "TT", "ظ": "ZZ", "ع": "E", "غ": "GH", "ف": "F", "ق": "Q", "ك": "K", "ل": "L",
    "م": "M", "ن": "N", "ه": "HH", "و": "W", "ي": "Y",
}  # fmt: skip
PLATE_COUNTRIES = frozenset({"IRQ", "SYR", "JOR", "TUR", "SAU", "LBN", "IRN", "KWT"})
GROUP = re.compile(r"^(?:\d{1,7}|[A-Z]{1,3})$")


@dataclass(frozen=True)
class Plate:
    """A number plate: the issuing country (ISO 3166 alpha-3) and its canonical text."""

    country: str
    text: str

    def __str__(self) -> str:
        return f"{self.text} ({self.country})"


def _western(char: str) -> str:
    if char.isdigit():
        return str(unicodedata.digit(char))
    return char


def read_plate(text: str, country: str) -> Plate:
    """The plate typed as ``text`` (Arabic-Indic, Persian or Western digits; Arabic or Latin
    letters) of ``country``; :class:`DeclarationInvalid` naming what does not parse."""
    code = country.strip().upper()
    if code not in PLATE_COUNTRIES:
        known = ", ".join(sorted(PLATE_COUNTRIES))
        raise DeclarationInvalid(
            f"plate country {country!r} is not one of {known}", field="vehicle.plate_country"
        )
    groups: list[str] = []
    for raw in re.split(r"[\s\-/]+", text.strip()):
        if not raw:
            continue
        latin = "".join(ARABIC_LETTERS.get(ch, _western(ch)) for ch in raw).upper()
        for part in re.findall(r"\d+|[A-Z]+|[^\dA-Z]+", latin):
            if not GROUP.match(part):
                raise DeclarationInvalid(
                    f"plate {text!r} does not parse: {part!r} is neither digits nor plate letters",
                    field="vehicle.plate",
                )
            groups.append(part)
    if not any(g.isdigit() for g in groups):
        raise DeclarationInvalid(f"plate {text!r} has no number", field="vehicle.plate")
    return Plate(code, " ".join(groups))
