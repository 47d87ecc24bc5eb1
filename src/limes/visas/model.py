"""Visa applications, their checks, decisions and issued visas. Pure: no I/O, no framework.

An application asks for a visa for tourism or for medical treatment. A medical application
names the hospital and the treatment and may bring one companion, who gets a visa of their
own (purpose ``medical_companion``) when the application is approved. Checks are facts the
consular officer reads before deciding; a failing check (``fail``) blocks approval, one that
needs ``attention`` does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from limes.visas.errors import ApplicationInvalid, DecisionConflict, VisaStatusConflict

PASSPORT_NUMBER = re.compile(r"^[A-Z0-9]{1,9}$")
COUNTRY_CODE = re.compile(r"^[A-Z<]{3}$")
# Schengen practice (Regulation (EC) 810/2009 Art. 12): the passport stays valid for three
# months after the intended departure; the margin is a parameter of the checks.
DEFAULT_PASSPORT_MARGIN_DAYS = 90
# The "period of grace" of the Visa Code (Art. 24(1)): a visa stays valid this long after
# the last day of the intended stay, so a late departure is not at once an overstay.
VISA_GRACE_DAYS = 15
MAX_STAY_DAYS = {"tourism": 90, "medical": 180}


class Purpose(StrEnum):
    """Why a visa is asked for or was issued. Stable lowercase values."""

    TOURISM = "tourism"
    MEDICAL = "medical"
    MEDICAL_COMPANION = "medical_companion"

    @property
    def seal_code(self) -> int:
        """The one byte written as the seal's visa type (an issuer-defined feature, tag 6)."""
        return {"tourism": 1, "medical": 2, "medical_companion": 3}[self.value]

    @classmethod
    def from_seal_code(cls, code: int) -> Purpose | None:
        """The purpose a seal's visa-type byte stands for, or None for an unknown code."""
        return {1: cls.TOURISM, 2: cls.MEDICAL, 3: cls.MEDICAL_COMPANION}.get(code)


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REFUSED = "refused"


class CheckOutcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    ATTENTION = "attention"
    FAIL = "fail"


class RefusalGround(StrEnum):
    """Grounds for refusal, after the standard form of the EU Visa Code (Annex VI)."""

    PASSPORT_NOT_VALID = "passport_not_valid"
    PURPOSE_NOT_JUSTIFIED = "purpose_not_justified"
    MEANS_NOT_SHOWN = "means_not_shown"
    EARLIER_OVERSTAY = "earlier_overstay"
    SECURITY_RISK = "security_risk"
    FALSE_DOCUMENTS = "false_documents"
    OTHER = "other"


class VisaStatus(StrEnum):
    ISSUED = "issued"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class TravellerIdentity:
    """A person as their passport names them. ``sex`` is F, M or X; codes are ICAO 9303
    three-letter codes (ISO 3166-1 alpha-3 plus Part 3 §5)."""

    surname: str
    given_names: str
    nationality: str
    birth_date: date | None
    sex: str
    passport_number: str
    passport_issuing_state: str
    passport_expiry: date

    def __post_init__(self) -> None:
        if not self.surname.strip():
            raise ApplicationInvalid("the surname is required", field="surname")
        if not PASSPORT_NUMBER.match(self.passport_number):
            raise ApplicationInvalid(
                "a passport number is 1-9 letters A-Z or digits", field="passport_number"
            )
        for name in ("nationality", "passport_issuing_state"):
            if not COUNTRY_CODE.match(getattr(self, name)):
                raise ApplicationInvalid("a three-letter ICAO 9303 code, e.g. IRQ", field=name)
        if self.sex not in ("F", "M", "X"):
            raise ApplicationInvalid("sex is F, M or X", field="sex")

    @property
    def person_key(self) -> str:
        """How movements and earlier decisions find this person: state and passport number."""
        return f"{self.passport_issuing_state}:{self.passport_number}"

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


@dataclass(frozen=True, slots=True)
class ScreeningMatch:
    """One watchlist entry that matched, as screening explained it."""

    list_id: str
    reference: str
    listed_name: str
    score: float
    status: str  # "hit" or "possible"
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """What screening found. No ``list_versions`` means no list was screened at all, which
    is said out loud ("screened against no list"), never shown as a clean result."""

    hits: tuple[ScreeningMatch, ...]
    possible: tuple[ScreeningMatch, ...]
    list_versions: tuple[str, ...]

    @property
    def screened_against_no_list(self) -> bool:
        return not self.list_versions

    def describe(self) -> str:
        if self.screened_against_no_list:
            return "screened against no list: no watchlist is loaded on this node"
        lists = ", ".join(self.list_versions)
        if not self.hits and not self.possible:
            return f"no match in {lists}"
        return f"{len(self.hits)} hit(s) and {len(self.possible)} possible match(es) in {lists}"


@dataclass(frozen=True, slots=True)
class MedicalTreatment:
    """Where and what: a medical application names both."""

    hospital: str
    treatment: str


@dataclass(frozen=True, slots=True)
class Check:
    """One fact about an application, for the officer: its name, outcome and detail."""

    name: str
    outcome: CheckOutcome
    detail: str
    person: str = "applicant"


@dataclass(frozen=True)
class Application:
    """An e-visa application and, once decided, its decision."""

    application_id: str
    applicant: TravellerIdentity
    purpose: Purpose
    arrival_date: date
    stay_days: int
    entries_requested: int
    submitted_at: datetime
    submitted_by: str
    medical: MedicalTreatment | None = None
    companion: TravellerIdentity | None = None
    status: ApplicationStatus = ApplicationStatus.SUBMITTED
    checks: tuple[Check, ...] = ()
    checked_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    refusal_ground: RefusalGround | None = None
    visa_numbers: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.purpose is Purpose.MEDICAL_COMPANION:
            raise ApplicationInvalid(
                "a companion is part of the patient's medical application", field="purpose"
            )
        if self.purpose is Purpose.MEDICAL:
            if self.medical is None:
                raise ApplicationInvalid(
                    "a medical application names the hospital", field="medical"
                )
            if not self.medical.hospital.strip():
                raise ApplicationInvalid("the hospital is required", field="hospital")
            if not self.medical.treatment.strip():
                raise ApplicationInvalid("the treatment is required", field="treatment")
        elif self.medical is not None or self.companion is not None:
            raise ApplicationInvalid(
                "only a medical application has a hospital, a treatment or a companion",
                field="companion" if self.companion is not None else "medical",
            )
        limit = MAX_STAY_DAYS[self.purpose.value]
        if not 1 <= self.stay_days <= limit:
            raise ApplicationInvalid(
                f"a {self.purpose.value} stay is 1 to {limit} days", field="stay_days"
            )
        if self.entries_requested not in (0, 1, 2):
            raise ApplicationInvalid(
                "entries are 1, 2 or 0 for multiple entries", field="entries_requested"
            )
        if self.companion is not None and self.companion.person_key == self.applicant.person_key:
            raise ApplicationInvalid(
                "the companion cannot hold the applicant's passport", field="companion"
            )

    @property
    def departure_date(self) -> date:
        """The last day of the intended stay."""
        return self.arrival_date + timedelta(days=self.stay_days - 1)

    @property
    def travellers(self) -> tuple[tuple[str, TravellerIdentity], ...]:
        """Who travels on this application: the applicant and, if any, the companion."""
        people = [("applicant", self.applicant)]
        if self.companion is not None:
            people.append(("companion", self.companion))
        return tuple(people)

    @property
    def blocking_checks(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome is CheckOutcome.FAIL)

    def with_checks(self, checks: tuple[Check, ...], at: datetime) -> Application:
        return replace(self, checks=checks, checked_at=at)

    def approve(self, *, officer: str, at: datetime, note: str = "") -> Application:
        """Approved by ``officer``; raises :class:`DecisionConflict` if it is already decided,
        was never checked, or a check fails."""
        self._must_be_open()
        if self.checked_at is None:
            raise DecisionConflict("run the checks before deciding", field="checks")
        if self.blocking_checks:
            names = ", ".join(f"{c.name} ({c.person})" for c in self.blocking_checks)
            raise DecisionConflict(
                f"cannot approve while checks fail: {names}; refuse with a reason instead",
                field="checks",
            )
        return replace(
            self,
            status=ApplicationStatus.APPROVED,
            decided_by=officer,
            decided_at=at,
            decision_reason=note.strip(),
        )

    def refuse(
        self, *, officer: str, at: datetime, ground: RefusalGround, reason: str
    ) -> Application:
        """Refused by ``officer`` on ``ground``; the reason is required."""
        self._must_be_open()
        if not reason.strip():
            raise ApplicationInvalid("a refusal states its reason", field="reason")
        return replace(
            self,
            status=ApplicationStatus.REFUSED,
            decided_by=officer,
            decided_at=at,
            decision_reason=reason.strip(),
            refusal_ground=ground,
        )

    def _must_be_open(self) -> None:
        if self.status is not ApplicationStatus.SUBMITTED:
            raise DecisionConflict(
                f"application {self.application_id} is already {self.status.value}",
                field="status",
            )


@dataclass(frozen=True)
class Visa:
    """An issued visa. ``entries`` 0 means multiple entries; ``mrz`` is the printed zone
    (two lines joined by a newline) and ``seal`` the signed visible digital seal."""

    visa_number: str
    issuing_state: str
    application_id: str
    holder: TravellerIdentity
    purpose: Purpose
    valid_from: date
    valid_until: date
    entries: int
    duration_of_stay_days: int
    mrz: str
    seal: bytes
    issued_at: datetime
    issued_by: str
    status: VisaStatus = VisaStatus.ISSUED
    revoked_at: datetime | None = None
    revocation_reason: str = ""

    def revoke(self, *, at: datetime, reason: str) -> Visa:
        if self.status is VisaStatus.REVOKED:
            raise VisaStatusConflict(f"visa {self.visa_number} is already revoked")
        if not reason.strip():
            raise ApplicationInvalid("a revocation states its reason", field="reason")
        return replace(
            self, status=VisaStatus.REVOKED, revoked_at=at, revocation_reason=reason.strip()
        )

    @property
    def entries_label(self) -> str:
        return "multiple" if self.entries == 0 else str(self.entries)
