"""Use cases of the visas context, one function each.

Each takes a unit of work and the ports it needs, and commits once. Only a consular officer
(or an administrator) decides: the caller says whether the acting account may, and the use
case refuses with :class:`NotConsularOfficer` otherwise, so the rule holds for every entry
point (HTTP, CLI, simulator), not only for the routes that check roles.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from limes.clock import Clock
from limes.documents import MrzFormat, generate_mrv
from limes.documents.seal import DurationOfStay, VisaSealFeatures, VisaSigner, issue_seal
from limes.visas import checks as visa_checks
from limes.visas.errors import (
    ApplicationInvalid,
    ApplicationNotFound,
    NotConsularOfficer,
    VisaNotFound,
)
from limes.visas.model import (
    DEFAULT_PASSPORT_MARGIN_DAYS,
    VISA_GRACE_DAYS,
    Application,
    ApplicationStatus,
    MedicalTreatment,
    Purpose,
    RefusalGround,
    ScreeningOutcome,
    TravellerIdentity,
    Visa,
)
from limes.visas.ports import (
    RevocationPublisher,
    ScreeningPort,
    TravelHistoryPort,
    TrustedAuthorities,
    VisaSignerPort,
    VisasUnitOfWork,
)


@dataclass(frozen=True, slots=True)
class Officer:
    """Who acts, and whether their role lets them decide on visas."""

    username: str
    may_decide: bool

    def must_decide(self) -> None:
        if not self.may_decide:
            raise NotConsularOfficer(
                f"{self.username} is not a consular officer: only a consular officer decides"
            )


@dataclass(frozen=True, slots=True)
class CheckPorts:
    """What the checks consult: screening and the crossings' record of overstays."""

    screening: ScreeningPort
    history: TravelHistoryPort
    margin_days: int = DEFAULT_PASSPORT_MARGIN_DAYS


def submit_application(
    uow: VisasUnitOfWork,
    clock: Clock,
    ports: CheckPorts,
    *,
    applicant: TravellerIdentity,
    purpose: Purpose,
    arrival_date: date,
    stay_days: int,
    entries_requested: int = 1,
    medical: MedicalTreatment | None = None,
    companion: TravellerIdentity | None = None,
    submitted_by: str,
) -> Application:
    """Record an application and run its checks at once."""
    now = clock.now()
    if arrival_date < now.date():
        raise ApplicationInvalid("the arrival date is in the past", field="arrival_date")
    application = Application(
        application_id=uuid.uuid4().hex[:16],
        applicant=applicant,
        purpose=purpose,
        arrival_date=arrival_date,
        stay_days=stay_days,
        entries_requested=entries_requested,
        medical=medical,
        companion=companion,
        submitted_at=now,
        submitted_by=submitted_by,
    )
    application = _checked(uow, application, ports, clock)
    with uow:
        uow.applications.add(application)
        uow.audit.record(
            "visa_application_submitted",
            actor=submitted_by,
            subject=application.application_id,
            details={"purpose": purpose.value, "passport": applicant.person_key},
        )
        uow.commit()
    return application


def recheck_application(
    uow: VisasUnitOfWork, clock: Clock, ports: CheckPorts, *, application_id: str
) -> Application:
    """Run the checks again (after a watchlist import, say) on an undecided application."""
    application = get_application(uow, application_id)
    if application.status is not ApplicationStatus.SUBMITTED:
        return application
    checked = _checked(uow, application, ports, clock)
    with uow:
        if _get(uow, application_id).status is ApplicationStatus.SUBMITTED:
            uow.applications.save(checked)
            uow.commit()
            return checked
        return _get(uow, application_id)


def get_application(uow: VisasUnitOfWork, application_id: str) -> Application:
    with uow:
        return _get(uow, application_id)


def list_applications(
    uow: VisasUnitOfWork, *, status: ApplicationStatus | None = None, limit: int = 200
) -> list[Application]:
    with uow:
        return uow.applications.recent(status=status, limit=limit)


def approve_application(
    uow: VisasUnitOfWork,
    clock: Clock,
    signer: VisaSignerPort,
    *,
    application_id: str,
    officer: Officer,
    issuing_state: str,
    note: str = "",
    mrz_format: MrzFormat = MrzFormat.MRV_A,
) -> tuple[Application, list[Visa]]:
    """Approve and issue a visa to each traveller (the companion's with purpose
    ``medical_companion``), each with its MRZ and a seal signed by this node's signer."""
    officer.must_decide()
    now = clock.now()
    with uow:
        application = _get(uow, application_id).approve(officer=officer.username, at=now, note=note)
        today = now.date()
        valid_from = today
        first_day = max(application.arrival_date, today)
        valid_until = first_day + timedelta(days=application.stay_days - 1 + VISA_GRACE_DAYS)
        visa_signer = signer.signer(today)
        issued: list[Visa] = []
        for role, person in application.travellers:
            purpose = application.purpose if role == "applicant" else Purpose.MEDICAL_COMPANION
            visa = _visa_for(
                application,
                person,
                purpose,
                number=uow.visas.next_number(),
                issuing_state=issuing_state,
                mrz_format=mrz_format,
                valid_from=valid_from,
                valid_until=valid_until,
                visa_signer=visa_signer,
                issued_at=now,
                issued_by=officer.username,
            )
            uow.visas.add(visa)
            issued.append(visa)
        application = _with_visas(application, tuple(v.visa_number for v in issued))
        uow.applications.save(application)
        uow.audit.record(
            "visa_issued",
            actor=officer.username,
            subject=application.application_id,
            details={"visas": ",".join(v.visa_number for v in issued), "note": note},
        )
        uow.commit()
    return application, issued


def _visa_for(
    application: Application,
    person: TravellerIdentity,
    purpose: Purpose,
    *,
    number: str,
    issuing_state: str,
    mrz_format: MrzFormat,
    valid_from: date,
    valid_until: date,
    visa_signer: VisaSigner,
    issued_at: datetime,
    issued_by: str,
) -> Visa:
    """Visa ``number`` of ``issuing_state`` for one traveller of an approved application: its
    ICAO 9303 visa MRZ (document code VT for tourism, VM otherwise; expiring on
    ``valid_until``), and a seal over the MRZ, the passport number, the duration of stay,
    the entries and ``purpose``, signed by ``visa_signer`` and issued on ``valid_from``."""
    mrz = generate_mrv(
        format=mrz_format,
        document_code="VM" if purpose is not Purpose.TOURISM else "VT",
        issuing_state=issuing_state,
        primary_identifier=person.surname,
        secondary_identifier=person.given_names,
        document_number=number,
        nationality=person.nationality,
        birth_date=person.birth_date,
        sex=person.sex,
        expiry_date=valid_until,
    )
    features = VisaSealFeatures.from_mrz(
        mrz.split("\n"),
        passport_number=person.passport_number,
        duration_of_stay=DurationOfStay(days=application.stay_days),
        number_of_entries=application.entries_requested,
        visa_type=bytes((purpose.seal_code,)),
    )
    return Visa(
        visa_number=number,
        issuing_state=issuing_state,
        application_id=application.application_id,
        holder=person,
        purpose=purpose,
        valid_from=valid_from,
        valid_until=valid_until,
        entries=application.entries_requested,
        duration_of_stay_days=application.stay_days,
        mrz=mrz,
        seal=issue_seal(features, visa_signer, issued_on=valid_from),
        issued_at=issued_at,
        issued_by=issued_by,
    )


def refuse_application(
    uow: VisasUnitOfWork,
    clock: Clock,
    *,
    application_id: str,
    officer: Officer,
    ground: RefusalGround,
    reason: str,
) -> Application:
    """Refuse with a ground and a reason the applicant will read."""
    officer.must_decide()
    with uow:
        application = _get(uow, application_id).refuse(
            officer=officer.username, at=clock.now(), ground=ground, reason=reason
        )
        uow.applications.save(application)
        uow.audit.record(
            "visa_application_refused",
            actor=officer.username,
            subject=application.application_id,
            details={"ground": ground.value, "reason": application.decision_reason},
        )
        uow.commit()
    return application


def revoke_visa(
    uow: VisasUnitOfWork,
    clock: Clock,
    publisher: RevocationPublisher,
    *,
    visa_number: str,
    officer: Officer,
    reason: str,
) -> Visa:
    """Revoke a visa and publish the node's new signed revocation list."""
    officer.must_decide()
    now = clock.now()
    with uow:
        visa = get_visa(uow, visa_number).revoke(at=now, reason=reason)
        uow.visas.save(visa)
        revoked = uow.visas.revoked_numbers() | {visa.visa_number}
        uow.audit.record(
            "visa_revoked",
            actor=officer.username,
            subject=visa.visa_number,
            details={"reason": visa.revocation_reason},
        )
        uow.commit()
    publisher.publish(frozenset(revoked), on=now.date())
    return visa


def trust_authorities(
    uow: VisasUnitOfWork, authorities: TrustedAuthorities, *, bundle_pem: bytes, actor: str
) -> int:
    """Add a bundle of seal-signing certificates to the trust list the crossings check visa
    seals against (the partner state's, or an earlier CA of this state after a rollover);
    return how many signers it holds. Audited with the bundle's SHA-256, so an operator can
    compare it with the fingerprint the issuing state read out."""
    signers = authorities.import_partner_bundle(bundle_pem)
    with uow:
        uow.audit.record(
            "visa_authorities_trusted",
            actor=actor,
            subject=hashlib.sha256(bundle_pem).hexdigest(),
            details={"signers": str(signers)},
        )
        uow.commit()
    return signers


def get_visa(uow: VisasUnitOfWork, visa_number: str) -> Visa:
    with uow:
        visa = uow.visas.get(visa_number)
        if visa is None:
            raise VisaNotFound(f"no visa {visa_number!r} was issued by this node")
        return visa


def _get(uow: VisasUnitOfWork, application_id: str) -> Application:
    application = uow.applications.get(application_id)
    if application is None:
        raise ApplicationNotFound(f"no application {application_id!r}")
    return application


def _with_visas(application: Application, numbers: tuple[str, ...]) -> Application:
    return replace(application, visa_numbers=numbers)


def _checked(
    uow: VisasUnitOfWork, application: Application, ports: CheckPorts, clock: Clock
) -> Application:
    """The application with its checks. Reads this context's store in a transaction of its
    own and asks the other ports outside any: a port with a store of its own (the
    crossings' movements) must not wait on a transaction held here (SQLite has one writer,
    and the node begins every transaction IMMEDIATE)."""
    now = clock.now()
    refusals: dict[str, list[str]] = {}
    overstays: dict[str, list[str]] = {}
    screenings: dict[str, ScreeningOutcome] = {}
    with uow:
        for _role, person in application.travellers:
            refusals[person.person_key] = [
                f"{(a.decided_at or a.submitted_at).date().isoformat()}: "
                f"{a.refusal_ground.value if a.refusal_ground else 'refused'}"
                for a in uow.applications.refusals_for(person.person_key)
                if a.application_id != application.application_id
            ]
    for _role, person in application.travellers:
        overstays[person.person_key] = ports.history.overstays(person.person_key)
        screenings[person.person_key] = ports.screening.screen(person)
    found = visa_checks.checks_for(
        application,
        today=now.date(),
        margin_days=ports.margin_days,
        refusals=dict(refusals),
        overstays=dict(overstays),
        screenings=screenings,
    )
    return application.with_checks(found, now)
