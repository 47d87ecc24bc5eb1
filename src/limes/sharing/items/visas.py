"""Kinds of the visas: the seal keys a crossing needs to check the partner's visas offline,
and what the partner withdrew.

Both carry documents the issuing state signed itself (PEM certificates, a signed revocation
list, an X.509 CRL), so the receiver checks them against its trust list as it checks a file
carried by hand (:mod:`limes.visas.adapters_keys`); the envelope's signature adds that they
came from the partner's node. No personal data: a visa number names a visa, not a person.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from limes.sharing.agreements import DataCategory
from limes.sharing.items.base import FREE_TEXT, Count, Party, SharedItem

Pem = Annotated[
    str,
    Field(
        min_length=1, max_length=200_000, pattern=r"^-----BEGIN [A-Z0-9 ]+-----[A-Za-z0-9+/=\s-]*$"
    ),
]
"""PEM text: base64 between armour lines, nothing a person could write a name in."""


class VisaKeyBundle(SharedItem):
    """The partner state's country CA and visa-signer certificates (PEM)."""

    KIND: ClassVar[str] = "visas.key_bundle"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.VISA_SIGNING_KEYS.value

    kind: Literal["visas.key_bundle"] = "visas.key_bundle"
    version: Literal[1] = 1
    issuing_party: Party
    bundle_pem: Pem
    signers: Count


class VisaRevocation(SharedItem):
    """What the issuing state withdrew: visas by number, in its signed revocation list
    (``revocation_list``, the document as the state signed it), and visa signers whose keys
    must no longer be trusted, in its CA's CRL (``signer_crl_pem``). At least one is given;
    ``number`` is the list's or the CRL's number (a higher one replaces a lower one)."""

    KIND: ClassVar[str] = "visas.revocation"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.VISA_REVOCATIONS.value

    kind: Literal["visas.revocation"] = "visas.revocation"
    version: Literal[1] = 1
    issuing_party: Party
    number: Count
    revoked_visa_numbers: tuple[Annotated[str, Field(pattern=r"^[A-Z0-9<]{1,9}$")], ...] = ()
    revocation_list: Annotated[
        str | None, Field(max_length=1_000_000, pattern=r"^\s*\{[\s\S]*\}\s*$"), FREE_TEXT
    ] = None
    """The signed revocation list (JSON), read by the guard like free text."""
    signer_crl_pem: Pem | None = None
