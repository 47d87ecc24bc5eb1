"""The visas' key exchange over HTTP: this state's seal certificates and revocation list
for the partner, and the trust-list import of another authority's certificates."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from limes.access.api import Role, User
from limes.visas import services as visas
from limes.visas.http import Consular, NodeDep, VisaReader, keys_of, visas_uow
from limes.web.security import require

router = APIRouter(prefix="/api/v1/visas", tags=["visas"])

Administrator = Annotated[User, Depends(require(Role.ADMINISTRATOR))]


@router.get("/keys/bundle")
def key_bundle(_user: Consular, node: NodeDep) -> Response:
    """This state's country CA and visa-signer certificates (PEM), for the partner."""
    return Response(keys_of(node).export_bundle(), media_type="application/x-pem-file")


class TrustedBundleIn(BaseModel):
    """Certificates to trust for visa seals: a country CA and the signers it certified."""

    bundle_pem: str = Field(min_length=1, max_length=200_000)


class TrustedBundleOut(BaseModel):
    signers: int
    bundle_sha256: str


@router.post("/keys/trusted", response_model=TrustedBundleOut, status_code=201)
def trust_bundle(user: Administrator, node: NodeDep, body: TrustedBundleIn) -> TrustedBundleOut:
    """Trust a country CA and its visa signers (PEM): the partner state's bundle, or an
    earlier CA of this state. Checked before it is kept; audited with its SHA-256."""
    pem = body.bundle_pem.encode()
    signers = visas.trust_authorities(
        visas_uow(node), keys_of(node), bundle_pem=pem, actor=user.username
    )
    return TrustedBundleOut(signers=signers, bundle_sha256=hashlib.sha256(pem).hexdigest())


@router.get("/keys/revocations")
def revocations(_user: VisaReader, node: NodeDep) -> Response:
    """This state's latest signed visa revocation list."""
    return Response(keys_of(node).export_revocations(), media_type="application/json")
