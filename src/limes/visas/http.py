"""The visas API: applications, checks, decisions by consular officers, issued visas with
their MRZ, seal, barcode and printable page, revocation, and the key exchange."""

from __future__ import annotations

import base64
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from limes.access.api import Role, User
from limes.container import Node
from limes.documents import MrzFormat
from limes.documents.seal import render_datamatrix_png, render_qr_png
from limes.visas import services as visas
from limes.visas.model import (
    Application,
    ApplicationStatus,
    MedicalTreatment,
    Purpose,
    RefusalGround,
    TravellerIdentity,
    Visa,
)
from limes.visas.ports import (
    ScreeningFor,
    ScreeningPort,
    TravelHistoryPort,
    VisaKeys,
    VisasUnitOfWork,
)
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/visas", tags=["visas"])

Consular = Annotated[User, Depends(require(Role.CONSULAR_OFFICER))]
VisaReader = Annotated[User, Depends(require(Role.CONSULAR_OFFICER, Role.BORDER_OFFICER))]
NodeDep = Annotated[Node, Depends(get_node)]


# -- the ports, from the node's container ---------------------------------------------------


def keys_of(node: Node) -> VisaKeys:
    """The node's visa keys and trust list."""
    return node.get(VisaKeys)


def screening_of(node: Node, actor: str = "consulate") -> ScreeningPort:
    """Screening against the active lists in the node's store, with review: each hit opens
    a case, and a hit a reviewer dismissed for the same passport and the same unchanged list
    entry does not come back (issue 5). "Screened against no list" when none is active."""
    return node.get(ScreeningFor)(actor)


def visas_uow(node: Node) -> VisasUnitOfWork:
    """A fresh unit of work from the node's container."""
    return node.get(VisasUnitOfWork)


def check_ports(node: Node) -> visas.CheckPorts:
    return visas.CheckPorts(screening=screening_of(node), history=node.get(TravelHistoryPort))


def officer(user: User) -> visas.Officer:
    return visas.Officer(user.username, user.has_role(Role.CONSULAR_OFFICER))


# -- schemas -----------------------------------------------------------------------------


class TravellerIn(BaseModel):
    """A traveller as the passport's data page names them."""

    surname: str = Field(min_length=1, max_length=100)
    given_names: str = Field(default="", max_length=100)
    nationality: str = Field(min_length=3, max_length=3)
    birth_date: date | None
    sex: Literal["F", "M", "X"]
    passport_number: str = Field(min_length=1, max_length=9)
    passport_issuing_state: str = Field(min_length=3, max_length=3)
    passport_expiry: date

    def identity(self) -> TravellerIdentity:
        return TravellerIdentity(
            surname=self.surname.strip(),
            given_names=self.given_names.strip(),
            nationality=self.nationality.upper(),
            birth_date=self.birth_date,
            sex=self.sex,
            passport_number=self.passport_number.upper(),
            passport_issuing_state=self.passport_issuing_state.upper(),
            passport_expiry=self.passport_expiry,
        )


class ApplicationIn(BaseModel):
    applicant: TravellerIn
    purpose: Literal["tourism", "medical"]
    arrival_date: date
    stay_days: int = Field(ge=1, le=180)
    entries: int = Field(default=1, description="1, 2, or 0 for multiple entries")
    hospital: str = ""
    treatment: str = ""
    companion: TravellerIn | None = None


class CheckOut(BaseModel):
    name: str
    outcome: str
    detail: str
    person: str


class ApplicationOut(BaseModel):
    application_id: str
    status: str
    purpose: str
    applicant: TravellerIn
    companion: TravellerIn | None
    hospital: str
    treatment: str
    arrival_date: date
    stay_days: int
    entries: int
    submitted_at: str
    checks: list[CheckOut]
    blocking: bool
    decided_by: str | None
    decision_reason: str
    refusal_ground: str | None
    visa_numbers: list[str]


class VisaOut(BaseModel):
    visa_number: str
    issuing_state: str
    application_id: str
    holder: TravellerIn
    purpose: str
    valid_from: date
    valid_until: date
    entries: int
    duration_of_stay_days: int
    mrz: str
    seal_base32: str
    seal_hex: str
    status: str
    revocation_reason: str


class DecisionOut(BaseModel):
    application: ApplicationOut
    visas: list[VisaOut]


class ApproveIn(BaseModel):
    note: str = ""
    mrz_format: Literal["mrv_a", "mrv_b"] = "mrv_a"


class RefuseIn(BaseModel):
    ground: RefusalGround
    reason: str = Field(min_length=1, max_length=2000)


class RevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


def traveller_out(p: TravellerIdentity) -> TravellerIn:
    return TravellerIn(
        surname=p.surname,
        given_names=p.given_names,
        nationality=p.nationality,
        birth_date=p.birth_date,
        sex=p.sex,
        passport_number=p.passport_number,
        passport_issuing_state=p.passport_issuing_state,
        passport_expiry=p.passport_expiry,
    )


def application_out(a: Application) -> ApplicationOut:
    return ApplicationOut(
        application_id=a.application_id,
        status=a.status.value,
        purpose=a.purpose.value,
        applicant=traveller_out(a.applicant),
        companion=traveller_out(a.companion) if a.companion else None,
        hospital=a.medical.hospital if a.medical else "",
        treatment=a.medical.treatment if a.medical else "",
        arrival_date=a.arrival_date,
        stay_days=a.stay_days,
        entries=a.entries_requested,
        submitted_at=a.submitted_at.isoformat(),
        checks=[CheckOut(name=c.name, outcome=c.outcome.value, detail=c.detail, person=c.person)
                for c in a.checks],
        blocking=bool(a.blocking_checks),
        decided_by=a.decided_by,
        decision_reason=a.decision_reason,
        refusal_ground=a.refusal_ground.value if a.refusal_ground else None,
        visa_numbers=list(a.visa_numbers),
    )  # fmt: skip


def visa_out(v: Visa) -> VisaOut:
    return VisaOut(
        visa_number=v.visa_number,
        issuing_state=v.issuing_state,
        application_id=v.application_id,
        holder=traveller_out(v.holder),
        purpose=v.purpose.value,
        valid_from=v.valid_from,
        valid_until=v.valid_until,
        entries=v.entries,
        duration_of_stay_days=v.duration_of_stay_days,
        mrz=v.mrz,
        seal_base32=base64.b32encode(v.seal).decode("ascii"),
        seal_hex=v.seal.hex(),
        status=v.status.value,
        revocation_reason=v.revocation_reason,
    )


# -- routes ------------------------------------------------------------------------------


@router.post("/applications", response_model=ApplicationOut, status_code=201)
def submit(body: ApplicationIn, user: Consular, node: NodeDep) -> ApplicationOut:
    """Record an application (at the consulate's desk or from the e-visa portal) and run
    its checks: passport validity, earlier refusals and overstays, screening."""
    purpose = Purpose(body.purpose)
    medical = (
        MedicalTreatment(body.hospital, body.treatment) if purpose is Purpose.MEDICAL else None
    )
    application = visas.submit_application(
        visas_uow(node),
        node.clock,
        check_ports(node),
        applicant=body.applicant.identity(),
        purpose=purpose,
        arrival_date=body.arrival_date,
        stay_days=body.stay_days,
        entries_requested=body.entries,
        medical=medical,
        companion=body.companion.identity() if body.companion else None,
        submitted_by=user.username,
    )
    return application_out(application)


@router.get("/applications", response_model=list[ApplicationOut])
def list_applications(
    _user: Consular,
    node: NodeDep,
    status: Annotated[ApplicationStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[ApplicationOut]:
    """Applications, newest first."""
    found = visas.list_applications(visas_uow(node), status=status, limit=limit)
    return [application_out(a) for a in found]


@router.get("/applications/{application_id}", response_model=ApplicationOut)
def show_application(application_id: str, _user: Consular, node: NodeDep) -> ApplicationOut:
    return application_out(visas.get_application(visas_uow(node), application_id))


@router.post("/applications/{application_id}/recheck", response_model=ApplicationOut)
def recheck(application_id: str, _user: Consular, node: NodeDep) -> ApplicationOut:
    """Run the checks again (after a watchlist changed, say)."""
    application = visas.recheck_application(
        visas_uow(node), node.clock, check_ports(node), application_id=application_id
    )
    return application_out(application)


@router.post("/applications/{application_id}/approve", response_model=DecisionOut)
def approve(application_id: str, body: ApproveIn, user: Consular, node: NodeDep) -> DecisionOut:
    """Approve and issue the visa(s): MRZ and a seal signed by this node's visa signer."""
    application, issued = visas.approve_application(
        visas_uow(node),
        node.clock,
        keys_of(node),
        application_id=application_id,
        officer=officer(user),
        issuing_state=node.settings.party,
        note=body.note,
        mrz_format=MrzFormat(body.mrz_format),
    )
    return DecisionOut(
        application=application_out(application), visas=[visa_out(v) for v in issued]
    )


@router.post("/applications/{application_id}/refuse", response_model=ApplicationOut)
def refuse(application_id: str, body: RefuseIn, user: Consular, node: NodeDep) -> ApplicationOut:
    """Refuse, with a ground and the reason the applicant will read."""
    application = visas.refuse_application(
        visas_uow(node),
        node.clock,
        application_id=application_id,
        officer=officer(user),
        ground=body.ground,
        reason=body.reason,
    )
    return application_out(application)


@router.get("/issued", response_model=list[VisaOut])
def list_visas(
    _user: Consular, node: NodeDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[VisaOut]:
    with visas_uow(node) as uow:
        return [visa_out(v) for v in uow.visas.recent(limit=limit)]


@router.get("/issued/{visa_number}", response_model=VisaOut)
def show_visa(visa_number: str, _user: VisaReader, node: NodeDep) -> VisaOut:
    return visa_out(visas.get_visa(visas_uow(node), visa_number))


@router.get("/issued/{visa_number}/barcode.png")
def barcode(
    visa_number: str,
    _user: VisaReader,
    node: NodeDep,
    kind: Annotated[Literal["datamatrix", "qr"], Query()] = "datamatrix",
) -> Response:
    """The seal as a Data Matrix (as Doc 9303 Part 13 prints it) or a QR code."""
    visa = visas.get_visa(visas_uow(node), visa_number)
    png = render_datamatrix_png(visa.seal) if kind == "datamatrix" else render_qr_png(visa.seal)
    return Response(png, media_type="image/png")


@router.get("/issued/{visa_number}/page.pdf")
def visa_page(visa_number: str, _user: Consular, node: NodeDep) -> Response:
    """The printable visa page: the visa's data, its MRZ and its seal."""
    from limes.visas.adapters_pdf import visa_page_pdf  # noqa: PLC0415 - reportlab is heavy

    visa = visas.get_visa(visas_uow(node), visa_number)
    return Response(
        visa_page_pdf(visa),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="visa-{visa_number}.pdf"'},
    )


@router.post("/issued/{visa_number}/revoke", response_model=VisaOut)
def revoke(visa_number: str, body: RevokeIn, user: Consular, node: NodeDep) -> VisaOut:
    """Revoke a visa; the node's signed revocation list is renewed at once, so its
    crossings refuse the visa offline (and the partner's, once the list is exchanged)."""
    visa = visas.revoke_visa(
        visas_uow(node),
        node.clock,
        keys_of(node),
        visa_number=visa_number,
        officer=officer(user),
        reason=body.reason,
    )
    return visa_out(visa)
