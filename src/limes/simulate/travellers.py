"""The simulated travellers: who they are, what passport they carry, and which kind of
visa (good or bad) they present; see :mod:`limes.simulate.crossings` for the table of kinds
and the truth each should meet."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from limes.documents import generate_td3

SURNAMES = [
    "Haddad",
    "Khatib",
    "Nasser",
    "Saleh",
    "Hassan",
    "Othman",
    "Yousef",
    "Darwish",
    "Mansour",
    "Sabbagh",
    "Halabi",
    "Zaidan",
    "Jaber",
    "Azzam",
    "Qassem",
    "Kurdi",
    "Barzani",
    "Jubouri",
    "Obeidi",
    "Tamimi",
    "Dulaimi",
    "Shammari",
]
GIVEN = {
    "M": [
        "Rami",
        "Omar",
        "Samer",
        "Fadi",
        "Karim",
        "Bassel",
        "Tarek",
        "Wael",
        "Ziad",
        "Ahmed",
        "Mustafa",
        "Hussein",
        "Ali",
        "Yasin",
    ],
    "F": [
        "Lina",
        "Hiba",
        "Dima",
        "Nour",
        "Rana",
        "Maya",
        "Sara",
        "Huda",
        "Amal",
        "Zainab",
        "Fatima",
        "Rasha",
        "Noor",
    ],
}
HOSPITALS = [
    "Damascus University Hospital",
    "Al-Assad University Hospital",
    "Medical City, Baghdad",
    "Rizgary Teaching Hospital, Erbil",
    "Ibn Sina Hospital, Mosul",
]
TREATMENTS = [
    "cardiac surgery",
    "oncology",
    "dialysis",
    "orthopaedic surgery",
    "ophthalmology",
    "paediatric surgery",
]
KINDS = ["valid"] * 14 + [
    "someone_else",
    "used_up",
    "revoked",
    "altered",
    "forged",
    "expired",
    "watchlisted",
    "no_visa",
]
PARTNER = {"IRQ": "SYR", "SYR": "IRQ"}


@dataclass
class Traveller:
    """One simulated traveller and the passport they carry."""

    number: int
    kind: str
    sex: str
    surname: str
    given: str
    nationality: str
    passport: str
    birth: date
    expiry: date

    def identity(self) -> dict[str, Any]:
        """The applicant as the visas API takes it."""
        return {
            "surname": self.surname,
            "given_names": self.given,
            "nationality": self.nationality,
            "birth_date": self.birth.isoformat(),
            "sex": self.sex,
            "passport_number": self.passport,
            "passport_issuing_state": self.nationality,
            "passport_expiry": self.expiry.isoformat(),
        }

    def mrz(self) -> str:
        """The passport's machine-readable zone (ICAO 9303 TD3)."""
        return generate_td3(
            issuing_state=self.nationality,
            primary_identifier=self.surname,
            secondary_identifier=self.given,
            document_number=self.passport,
            nationality=self.nationality,
            birth_date=self.birth,
            sex=self.sex,
            expiry_date=self.expiry,
        )


def draw_traveller(
    rng: random.Random, number: int, kind: str, party: str, today: date
) -> Traveller:
    """Traveller ``number`` of ``kind`` arriving at ``party``'s crossings: mostly the partner
    state's citizens; a bad visa is never given to a national, who needs none."""
    nationality = rng.choices(
        [PARTNER[party], party, "JOR", "LBN", "TUR", "IRN"], weights=[70, 10, 5, 5, 5, 5]
    )[0]
    if kind != "valid" and nationality == party:
        nationality = PARTNER[party]  # nationals need no visa: a bad visa shows nothing
    sex = rng.choice("MF")
    return Traveller(
        number,
        kind,
        sex,
        rng.choice(SURNAMES),
        rng.choice(GIVEN[sex]),
        nationality,
        f"{nationality[0]}{rng.randrange(10**7):07d}",
        date(1950, 1, 1) + timedelta(days=rng.randrange(25000)),
        today + timedelta(days=rng.randrange(400, 3000)),
    )
