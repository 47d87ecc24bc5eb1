"""What a lane reads and screens of a traveller before the traveller's record is opened.

The first step of :func:`limes.crossings.services.inspect_traveller`: the passport and the
visa seal are read and checked offline and the passport's holder is screened outside any
transaction, so that the transaction that reads the record and writes the inspection stays
short. Nothing here raises for a bad document: each problem is a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from limes.crossings import inspection as reading
from limes.crossings.model import Reason, Traveller
from limes.crossings.ports import ScreeningPort, TrustPort
from limes.documents import MrzDocument
from limes.visas.api import ScreeningOutcome, TravellerIdentity


@dataclass(frozen=True, slots=True)
class LaneReading:
    """What the lane read before opening the record: the passport and its holder (``None``
    when the MRZ cannot be used), the verified visa (``None`` without a seal or with a bad
    one), the screening outcome (``None`` with no holder to screen), whether a seal was
    given at all, and every reason the documents gave, passport's first."""

    passport: MrzDocument | None
    traveller: Traveller | None
    visa: reading.ReadVisa | None
    screening: ScreeningOutcome | None
    seal_given: bool
    reasons: tuple[Reason, ...]


def read_at_lane(
    trust: TrustPort,
    screening: ScreeningPort,
    *,
    passport_mrz: str,
    visa_seal: bytes | None,
    today: date,
) -> LaneReading:
    """Read the passport MRZ, verify the visa seal (when given) against ``trust``'s list,
    and screen the passport's holder when the passport could be read."""
    passport, reasons = reading.read_passport(passport_mrz, today)
    traveller = reading.traveller_of(passport) if passport is not None else None
    visa = None
    if visa_seal is not None:
        visa, visa_reasons = reading.read_visa(visa_seal, trust.trust_list(), today)
        reasons += visa_reasons
    outcome = screening.screen(_identity(traveller)) if traveller is not None else None
    return LaneReading(
        passport=passport,
        traveller=traveller,
        visa=visa,
        screening=outcome,
        seal_given=visa_seal is not None,
        reasons=tuple(reasons),
    )


def _identity(traveller: Traveller) -> TravellerIdentity:
    """The identity screened for ``traveller``: nationality and issuing state padded to three
    characters with ``<`` as the MRZ writes them, and sex ``X``, which the record of the
    traveller does not carry."""
    return TravellerIdentity(
        surname=traveller.surname,
        given_names=traveller.given_names,
        nationality=traveller.nationality.ljust(3, "<"),
        birth_date=traveller.birth_date,
        sex="X",
        passport_number=traveller.passport_number,
        passport_issuing_state=traveller.passport_issuing_state.ljust(3, "<"),
        passport_expiry=traveller.passport_expiry,
    )
