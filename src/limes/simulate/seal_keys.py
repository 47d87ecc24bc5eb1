"""The simulator's own visa-seal keys, kept in its own folder and never in the node's.

Two authorities stand behind the bad visas some simulated travellers present:

- a **forgers' CA**, made afresh for each forged seal and trusted by nobody: its seals must
  be refused as from an unknown signer;
- an **earlier country CA** of the node's own state, such as a CA rollover leaves behind
  (ICAO Doc 9303 Part 12, 5: a retired CSCA stays trusted while documents it signed are
  still in use), with a signer of its own. The node is told to trust it the way an operator
  would, through its trust-list import (``POST /api/v1/visas/keys/trusted``), so that a visa
  it signs verifies and only its dates can stop the traveller: the "expired" travellers
  present such a visa, genuinely signed, whose validity ended five days ago.

The earlier CA and its signer are kept (private keys mode 0600) and reused by later runs;
a new signer is made only when the kept one no longer covers the days a seal needs.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pycountry

from limes.documents import generate_mrv
from limes.documents.seal import (
    CountryCA,
    DurationOfStay,
    VisaSealFeatures,
    VisaSigner,
    issue_seal,
)
from limes.simulate.travellers import Traveller

_EARLIER_SIGNER_CODE = "VE"  # apart from the node's own signers ("VS"), never the same name
_FORGED_SIGNER_SERIAL = 0x5EA1
_EXPIRED_ISSUED_DAYS_AGO = 40
_EXPIRED_ENDED_DAYS_AGO = 5


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _alpha2(party: str) -> str:
    country = pycountry.countries.get(alpha_3=party)
    return str(country.alpha_2) if country is not None else party[:2]


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


class SimulatorKeys:
    """The simulator's seal keys for ``party``'s crossings, under ``folder`` (created)."""

    def __init__(self, folder: Path, party: str) -> None:
        self.folder = folder
        self.party = party

    # -- forged: a CA nobody trusts ------------------------------------------------------

    def forged_seal(self, genuine: dict[str, Any], today: date) -> bytes:
        """A seal over the genuine visa's data (as the visas API returned it), signed by a
        forgers' CA that no node trusts."""
        start = _midnight(today) - timedelta(days=1)
        forger = CountryCA.create(
            country=_alpha2(self.party),
            issuing_country=genuine["issuing_state"],
            name="Forgers' CA",
            not_before=start,
        )
        signer = forger.issue_signer(
            signer_code="VS", serial_number=_FORGED_SIGNER_SERIAL, not_before=start
        )
        features = VisaSealFeatures.from_mrz(
            genuine["mrz"].split("\n"),
            passport_number=genuine["holder"]["passport_number"],
            duration_of_stay=DurationOfStay(90),
        )
        return issue_seal(features, signer, issued_on=today)

    # -- expired: a trusted earlier CA, a visa that ended ----------------------------------

    def earlier_authority_bundle(self, today: date) -> bytes:
        """The earlier CA's certificate and its signer's (PEM), for the node's trust-list
        import; the signer covers the days :meth:`expired_seal` needs on ``today``."""
        ca = self._earlier_ca(today)
        return ca.certificate_pem() + self._earlier_signer(ca, today).certificate_pem()

    def expired_seal(self, person: Traveller, today: date) -> bytes:
        """A visa for ``person`` issued 40 days before ``today`` and ended 5 days before it,
        signed by the earlier CA's signer on the day it was issued."""
        ca = self._earlier_ca(today)
        signer = self._earlier_signer(ca, today)
        issued = today - timedelta(days=_EXPIRED_ISSUED_DAYS_AGO)
        mrz = generate_mrv(
            document_code="VT",
            issuing_state=self.party,
            primary_identifier=person.surname,
            secondary_identifier=person.given,
            document_number="X0000001",
            nationality=person.nationality,
            birth_date=person.birth,
            sex=person.sex,
            expiry_date=today - timedelta(days=_EXPIRED_ENDED_DAYS_AGO),
        )
        features = VisaSealFeatures.from_mrz(
            mrz.split("\n"),
            passport_number=person.passport,
            duration_of_stay=DurationOfStay(14),
            number_of_entries=1,
            visa_type=b"\x01",
        )
        return issue_seal(features, signer, issued_on=issued, signed_on=issued)

    def _earlier_ca(self, today: date) -> CountryCA:
        cert, key = self.folder / "earlier-ca.pem", self.folder / "earlier-ca.key"
        if cert.exists() and key.exists():
            ca = CountryCA.load(cert.read_bytes(), key.read_bytes(), issuing_country=self.party)
            if ca.certificate.not_valid_after_utc.date() > today:
                return ca
        self.folder.mkdir(parents=True, exist_ok=True)
        ca = CountryCA.create(
            country=_alpha2(self.party),
            issuing_country=self.party,
            name=f"{self.party} visa signing authority (earlier, simulated)",
            not_before=_midnight(today) - timedelta(days=400),
        )
        _write_private(key, ca.private_key_pem())
        cert.write_bytes(ca.certificate_pem())
        for old in self.folder.glob("earlier-signer-*"):
            old.unlink()
        return ca

    def _earlier_signer(self, ca: CountryCA, today: date) -> VisaSigner:
        issued = today - timedelta(days=_EXPIRED_ISSUED_DAYS_AGO)
        kept = sorted(self.folder.glob("earlier-signer-*.pem"), key=lambda p: int(p.stem[15:]))
        if kept:
            newest = kept[-1]
            signer = VisaSigner.load(
                newest.read_bytes(),
                newest.with_suffix(".key").read_bytes(),
                issuing_country=self.party,
            )
            if signer.valid_on(issued) and signer.valid_on(today):
                return signer
        serial = int(kept[-1].stem[15:]) + 1 if kept else 1
        signer = ca.issue_signer(
            signer_code=_EARLIER_SIGNER_CODE,
            serial_number=serial,
            not_before=_midnight(issued) - timedelta(days=20),
            curve="P-256",
        )
        _write_private(self.folder / f"earlier-signer-{serial}.key", signer.key.private_pem())
        (self.folder / f"earlier-signer-{serial}.pem").write_bytes(signer.certificate_pem())
        return signer
