"""Reading a traveller's documents at a lane, and every reason they give for a decision.

Nothing here raises for a bad document: each problem becomes a :class:`Reason` so that the
officer sees all of them at once, and the decision is the heaviest any reason calls for
(:func:`limes.crossings.model.decide`). Documents that cannot be read or checked (a malformed
MRZ, a check digit off, a seal that is unreadable, altered or from an unknown signer) send the
traveller to second line, where the document is examined; documents that are read and prove
the traveller may not pass (expired, revoked, used up, not this passport's) refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from limes.crossings.model import (
    CrossingPoint,
    CrossingStatus,
    Direction,
    Lane,
    Movement,
    Reason,
    Severity,
    Traveller,
    VisaTerms,
)
from limes.crossings.stays import entry_allowance, overstay_at_exit, status_on
from limes.documents import MrzDocument, parse_mrz
from limes.documents.errors import MrzInvalid
from limes.documents.seal import TrustList, VisaSealFeatures, verify_seal
from limes.errors import Invalid
from limes.visas.api import Purpose, ScreeningOutcome

# What a seal error means at the lane (docs/seals.md, "what the officer reads").
SEAL_SEVERITY = {
    "seal_malformed": Severity.REFER,
    "seal_unknown_signer": Severity.REFER,
    "seal_signature_invalid": Severity.REFER,
    "seal_certificate_expired": Severity.REFER,
    "seal_revoked": Severity.REFUSE,
}


@dataclass(frozen=True, slots=True)
class ReadVisa:
    """A verified visa seal: the terms it grants and the visa MRZ it signs."""

    terms: VisaTerms
    features: VisaSealFeatures
    mrz: MrzDocument


def read_passport(text: str, today: date) -> tuple[MrzDocument | None, list[Reason]]:
    """The passport's MRZ, or every reason it cannot be used."""
    try:
        document = parse_mrz(text, reference_date=today)
    except MrzInvalid as error:
        return None, [
            Reason(p.code, Severity.REFER, f"passport MRZ: {p.message}", p.field or "passport_mrz")
            for p in error.problems
        ]
    if document.format.is_visa:
        return None, [
            Reason(
                "passport_mrz_is_a_visa",
                Severity.REFER,
                "the passport field holds a visa MRZ: read the passport's data page",
                "passport_mrz",
            )
        ]
    reasons: list[Reason] = []
    if document.is_expired(today):
        reasons.append(
            Reason(
                "passport_expired",
                Severity.REFUSE,
                f"the passport expired on {document.expiry_date.isoformat()}",
                "expiry_date",
            )
        )
    return document, reasons


def traveller_of(document: MrzDocument) -> Traveller:
    return Traveller(
        person_key=f"{document.issuing_state.rstrip('<')}:{document.document_number}",
        surname=document.primary_identifier,
        given_names=document.secondary_identifier,
        nationality=document.nationality.rstrip("<"),
        birth_date=document.birth_date,
        passport_number=document.document_number,
        passport_issuing_state=document.issuing_state.rstrip("<"),
        passport_expiry=document.expiry_date,
    )


def read_visa(seal: bytes, trust: TrustList, today: date) -> tuple[ReadVisa | None, list[Reason]]:
    """Verify the seal offline against ``trust`` and read the visa it signs."""
    try:
        verified = verify_seal(seal, trust, today=today)
    except Invalid as error:
        severity = SEAL_SEVERITY.get(error.code, Severity.REFER)
        return None, [Reason(error.code, severity, f"visa seal: {error.message}", "visa_seal")]
    features = verified.visa
    if features is None:
        return None, [
            Reason("seal_not_a_visa", Severity.REFER, "the seal is not a visa seal", "visa_seal")
        ]
    width = 44 if features.mrz_type.value == "MRV-A" else 36
    try:
        mrz = parse_mrz(
            features.mrz_line1 + "\n" + features.mrz_line2.ljust(width, "<"), reference_date=today
        )
    except MrzInvalid as error:
        return None, [
            Reason(p.code, Severity.REFER, f"visa MRZ in the seal: {p.message}", "visa_seal")
            for p in error.problems
        ]
    purpose = Purpose.from_seal_code(features.visa_type[0]) if features.visa_type else None
    terms = VisaTerms(
        issuing_state=verified.header.issuing_country.rstrip("<"),
        visa_number=features.visa_number,
        valid_from=verified.header.document_issue_date,
        valid_until=mrz.expiry_date,
        duration_days=features.duration_of_stay.days
        + 30 * features.duration_of_stay.months
        + 365 * features.duration_of_stay.years,
        entries=features.number_of_entries or 0,
        purpose=purpose.value if purpose else "unknown",
    )
    return ReadVisa(terms, features, mrz), []


def visa_against_passport(visa: ReadVisa, passport: MrzDocument) -> list[Reason]:
    """Whether the visa was issued for this passport and this person (Doc 9303 Part 7: the
    visa's MRZ repeats the holder's name, nationality and birth date; the seal names the
    passport number)."""
    pairs = (
        ("passport_number", visa.features.passport_number, passport.document_number),
        ("surname", visa.mrz.primary_identifier, passport.primary_identifier),
        ("nationality", visa.mrz.nationality, passport.nationality),
        ("birth_date", visa.mrz.birth_date_raw, passport.birth_date_raw),
    )
    return [
        Reason(
            "visa_not_this_passport",
            Severity.REFUSE,
            f"the visa's {name.replace('_', ' ')} is {on_visa!r}, the passport's {on_passport!r}: "
            "the visa was issued for someone else's passport",
            name,
        )
        for name, on_visa, on_passport in pairs
        if on_visa != on_passport
    ]


def visa_terms_reasons(
    terms: VisaTerms,
    *,
    today: date,
    party: str,
    entries_used: int,
    history: Sequence[Movement],
) -> list[Reason]:
    """Validity, issuing state, remaining entries and remaining days, for an entry."""
    reasons = _visa_validity_reasons(terms, today=today, party=party, entries_used=entries_used)
    if not reasons:
        reasons.append(_stay_allowance_reason(terms, history=history, today=today))
    return reasons


def _visa_validity_reasons(
    terms: VisaTerms, *, today: date, party: str, entries_used: int
) -> list[Reason]:
    """Every refusal the visa's own terms call for on ``today``: issued by another state than
    ``party``, not yet valid, expired, or with all its entries used. Empty when the visa may
    be used for an entry."""
    reasons: list[Reason] = []
    if terms.issuing_state != party:
        reasons.append(
            Reason(
                "visa_not_for_this_state",
                Severity.REFUSE,
                f"the visa was issued by {terms.issuing_state}; entry to {party} needs a "
                f"visa of {party}",
                "visa_seal",
            )
        )
    if today < terms.valid_from:
        reasons.append(
            Reason(
                "visa_not_yet_valid",
                Severity.REFUSE,
                f"visa {terms.visa_number} is valid from {terms.valid_from.isoformat()}",
                "valid_from",
            )
        )
    if today > terms.valid_until:
        reasons.append(
            Reason(
                "visa_expired",
                Severity.REFUSE,
                f"visa {terms.visa_number} expired on {terms.valid_until.isoformat()}",
                "valid_until",
            )
        )
    if terms.entries and entries_used >= terms.entries:
        reasons.append(
            Reason(
                "visa_entries_used",
                Severity.REFUSE,
                f"visa {terms.visa_number} allows {terms.entries} entr"
                f"{'y' if terms.entries == 1 else 'ies'}, {entries_used} already used",
                "entries",
            )
        )
    return reasons


def _stay_allowance_reason(terms: VisaTerms, *, history: Sequence[Movement], today: date) -> Reason:
    """The days a valid visa still authorises from ``today`` given the traveller's
    ``history``: a refusal when none is left (duration of stay or the 90/180-day rule used
    up), otherwise the information of the last authorised day."""
    until = entry_allowance(history, terms, today)
    if until < today:
        return Reason(
            "no_authorised_days",
            Severity.REFUSE,
            "no authorised day left: the visa's duration of stay or the 90/180-day rule is used up",
            "stay",
        )
    return Reason(
        "authorised_until",
        Severity.INFO,
        f"authorised to stay until {until.isoformat()} ({(until - today).days + 1} days)",
        "stay",
    )


def crossing_reasons(
    crossing: CrossingPoint,
    *,
    lane: Lane | None,
    lane_number: int,
    direction: Direction,
    at: datetime,
    purpose: str | None,
) -> list[Reason]:
    """Whether this crossing and lane may take this traveller now."""
    reasons: list[Reason] = []
    if crossing.status is CrossingStatus.CLOSED:
        reasons.append(
            Reason("crossing_closed", Severity.REFUSE, f"{crossing.name_en} is closed", "crossing")
        )
    elif (
        crossing.status is CrossingStatus.RESTRICTED
        and direction is Direction.ENTRY
        and purpose not in (Purpose.MEDICAL.value, Purpose.MEDICAL_COMPANION.value, None)
    ):
        reasons.append(
            Reason(
                "crossing_restricted",
                Severity.REFUSE,
                f"{crossing.name_en} admits only medical travellers and their companions",
                "crossing",
            )
        )
    if not crossing.hours.is_open(crossing.local(at)):
        reasons.append(
            Reason(
                "crossing_outside_hours",
                Severity.REFUSE,
                f"{crossing.name_en} works {crossing.hours.describe()} (local time)",
                "crossing",
            )
        )
    if lane is None or not lane.open or lane.direction is not direction:
        reasons.append(
            Reason(
                "lane_not_available",
                Severity.REFER,
                f"lane {lane_number} does not take {direction.value} traffic now",
                "lane",
            )
        )
    return reasons


def screening_reasons(outcome: ScreeningOutcome) -> list[Reason]:
    """A hit refers to second line; a possible match and "no list" are told, not hidden."""
    reasons = [
        Reason(
            "screening_hit",
            Severity.REFER,
            f"watchlist hit: {m.listed_name} ({m.list_id} {m.reference}, score {m.score:.2f})",
            "screening",
        )
        for m in outcome.hits
    ]
    reasons += [
        Reason(
            "screening_possible",
            Severity.INFO,
            f"possible match: {m.listed_name} ({m.list_id}, score {m.score:.2f})",
            "screening",
        )
        for m in outcome.possible
    ]
    if not outcome.hits and not outcome.possible:
        code = "screened_no_list" if outcome.screened_against_no_list else "screening_clear"
        reasons.append(Reason(code, Severity.INFO, outcome.describe(), "screening"))
    return reasons


def presence_reasons(
    history: Sequence[Movement], direction: Direction, today: date
) -> tuple[list[Reason], int]:
    """An entry while already inside, an exit with no entry, and any overstay at exit.
    Returns the reasons and the days overstayed (for the exit movement). An overstayer is
    let out (keeping them would prolong the overstay) and the overstay is recorded."""
    status = status_on(history, today)
    if direction is Direction.ENTRY and status.present:
        return [
            Reason(
                "already_present",
                Severity.REFER,
                "an entry is recorded with no exit since: check the traveller's record",
                "movements",
            )
        ], 0
    if direction is Direction.EXIT:
        overstay = overstay_at_exit(history, today)
        if overstay:
            return [
                Reason(
                    "overstay",
                    Severity.INFO,
                    f"overstayed by {overstay} day(s) (authorised until "
                    f"{status.authorised_until.isoformat() if status.authorised_until else '?'})",
                    "stay",
                )
            ], overstay
        if not status.present:
            return [Reason("no_entry_recorded", Severity.INFO, "no entry recorded", "movements")], 0
    return [], 0
