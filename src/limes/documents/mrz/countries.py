"""Three-letter codes for issuing states and nationalities (Doc 9303 Part 3 §5).

Part 3 §5 Part A says the codes come from ISO 3166-1; those are read from ``pycountry``
(a maintained copy of the ISO 3166 tables, from Debian's iso-codes) rather than typed in.
What ISO 3166-1 does not hold, Part 3 §5 lists itself; that short table is below, in the
order the standard prints it (8th edition, 2021, with amendments 1 and 2).

Dependency: the PyPI package ``pycountry`` (a dependency in pyproject.toml; tested with
26.2.16).
"""

from __future__ import annotations

from functools import cache

import pycountry

# Doc 9303 Part 3 §5, Parts A to H: codes that are not ISO 3166-1 alpha-3 codes.
ICAO_CODES: dict[str, str] = {
    # Part A: codes outside ISO 3166-1 (Germany's one-letter D is written "D<<" in the MRZ).
    "D": "Germany",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    # Part A, note 1: "operationally in use, although not reflected in ISO 3166-1".
    "RKS": "Kosovo",
    # Part B: other codes reserved by the ISO 3166 maintenance agency.
    "EUE": "European Union",
    # Part C: United Nations travel documents.
    "UNO": "United Nations Organization or one of its officials",
    "UNA": "United Nations specialized agency or one of its officials",
    "UNK": "Resident of Kosovo with a travel document issued by UNMIK",
    # Part D: other issuing authorities.
    "XBA": "African Development Bank",
    "XIM": "African Export-Import Bank",
    "XCC": "Caribbean Community or one of its emissaries",
    "XCE": "Council of Europe",
    "XCO": "Common Market for Eastern and Southern Africa",
    "XEC": "Economic Community of West African States",
    "XPO": "International Criminal Police Organization (INTERPOL)",
    "XES": "Organization of Eastern Caribbean States",
    "XMP": "Parliamentary Assembly of the Mediterranean",
    "XOM": "Sovereign Military Order of Malta or one of its emissaries",
    "XDC": "Southern African Development Community",
    # Part E: persons without a defined nationality.
    "XXA": "Stateless person (1954 Convention)",
    "XXB": "Refugee (1951 Convention, 1967 Protocol)",
    "XXC": "Refugee, other than under XXB",
    "XXX": "Person of unspecified nationality",
    # Part F: deprecated in ISO 3166, kept for documents issued before.
    "ANT": "Netherlands Antilles",
    "NTZ": "Neutral Zone",
    # Part G: specimen documents ("Utopia"); a document carrying it is a sample.
    "UTO": "Utopia (specimen)",
    # Part H: used by ICAO only when signing a master list.
    "IAO": "International Civil Aviation Organization",
}

SPECIMEN_CODE = "UTO"


@cache
def _iso_alpha3() -> dict[str, str]:
    return {country.alpha_3: country.name for country in pycountry.countries}


def country_name(code: str) -> str | None:
    """The name of the state or organization a three-letter MRZ code stands for.

    ``code`` may carry trailing fillers (``"D<<"``). Returns ``None`` for an unknown code.
    """
    bare = code.rstrip("<")
    return ICAO_CODES.get(bare) or _iso_alpha3().get(bare)


def is_known_code(code: str) -> bool:
    """Whether ``code`` (fillers allowed at the end) is a code Doc 9303 Part 3 §5 admits."""
    return country_name(code) is not None
