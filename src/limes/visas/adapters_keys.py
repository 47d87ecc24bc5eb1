"""This node's visa keys and seal trust list, kept as files in the data folder.

Layout of ``DATA_DIR/visa-keys/`` (private keys mode 0600, created on first use)::

    country-ca.pem, country-ca.key     this state's seal signing authority (brainpoolP256r1)
    signer-<serial>.pem, .key          its visa signers (P-256), a new one when one expires
    revocations.json                   this state's signed visa revocation list
    partner/*.pem                      the partner's CA and signer certificates (imported)
    partner/*.json                     the partner's visa revocation lists (imported)
    partner/*.crl                      the partner's CRLs of withdrawn signers (imported)

The trust list is rebuilt when a file in the folder changes, so a ``limes visa-keys import``
reaches a running node (and every worker of it) without a restart. Verification needs
nothing but these files: no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import monotonic

import pycountry

from limes.clock import Clock
from limes.documents.seal import CountryCA, RevocationList, TrustList, TrustListInvalid, VisaSigner

FOLDER = "visa-keys"
_SIGNER_CODE = "VS"
_REISSUE_BEFORE_DAYS = 400  # a signer must outlive the longest visa it signs (TR-03137 §5.3.2)


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    path.chmod(0o600)


def _alpha2(party: str) -> str:
    country = pycountry.countries.get(alpha_3=party)
    if country is None:
        raise TrustListInvalid(f"{party} is not an ISO 3166 alpha-3 code", field="party")
    return str(country.alpha_2)


class VisaKeyStore:
    """The node's country CA, visa signer and trust list, on disk under ``data_dir``."""

    def __init__(self, data_dir: Path, party: str, clock: Clock) -> None:
        self.folder = data_dir / FOLDER
        self.party = party
        self._clock = clock
        self._lock = threading.RLock()
        self._trust: TrustList | None = None
        self._stamp: tuple[tuple[str, int], ...] | None = None
        self._looked_at = 0.0

    # -- this state's keys -------------------------------------------------------------

    def country_ca(self) -> CountryCA:
        """The country CA, created on first use."""
        with self._lock:
            cert, key = self.folder / "country-ca.pem", self.folder / "country-ca.key"
            if cert.exists() and key.exists():
                return CountryCA.load(
                    cert.read_bytes(), key.read_bytes(), issuing_country=self.party
                )
            self.folder.mkdir(parents=True, exist_ok=True)
            self.folder.chmod(0o700)
            start = datetime.combine(self._clock.now().date(), time(), tzinfo=UTC)
            ca = CountryCA.create(
                country=_alpha2(self.party),
                issuing_country=self.party,
                name=f"{self.party} visa signing authority",
                not_before=start - timedelta(days=1),
            )
            _write_private(key, ca.private_key_pem())
            cert.write_bytes(ca.certificate_pem())
            return ca

    def signer(self, on: date) -> VisaSigner:
        """The newest visa signer, or a new one when it would not outlive a visa issued on
        ``on`` (or there is none yet)."""
        with self._lock:
            ca = self.country_ca()
            existing = sorted(self.folder.glob("signer-*.pem"), key=lambda p: int(p.stem[7:]))
            if existing:
                newest = existing[-1]
                signer = VisaSigner.load(
                    newest.read_bytes(),
                    newest.with_suffix(".key").read_bytes(),
                    issuing_country=self.party,
                )
                if signer.valid_on(on + timedelta(days=_REISSUE_BEFORE_DAYS)) and signer.valid_on(
                    on
                ):
                    return signer
            serial = int(existing[-1].stem[7:]) + 1 if existing else 1
            signer = ca.issue_signer(
                signer_code=_SIGNER_CODE,
                serial_number=serial,
                not_before=datetime.combine(on, time(), tzinfo=UTC) - timedelta(days=1),
                curve="P-256",
            )
            _write_private(self.folder / f"signer-{serial}.key", signer.key.private_pem())
            (self.folder / f"signer-{serial}.pem").write_bytes(signer.certificate_pem())
            self._stamp = None
            return signer

    def publish(self, revoked_visa_numbers: frozenset[str], *, on: date) -> None:
        """Sign a new revocation list (its number one above the last) and keep it."""
        with self._lock:
            path = self.folder / "revocations.json"
            number = 1
            if path.exists():
                number = int(json.loads(path.read_bytes())["list"]["number"]) + 1
            document = RevocationList(
                issuing_country=self.party,
                number=number,
                issued_on=on,
                revoked_visa_numbers=revoked_visa_numbers,
            ).sign(self.country_ca())
            path.write_bytes(document)
            self._stamp = None

    # -- exchange with the partner ---------------------------------------------------------

    def export_bundle(self) -> bytes:
        """This state's CA certificate and signer certificates, for the partner's trust list."""
        self.signer(self._clock.now().date())
        parts = [(self.folder / "country-ca.pem").read_bytes()]
        parts += [p.read_bytes() for p in sorted(self.folder.glob("signer-*.pem"))]
        return b"".join(parts)

    def export_revocations(self) -> bytes:
        """This state's latest signed revocation list (an empty one if none was published)."""
        path = self.folder / "revocations.json"
        if not path.exists():
            self.publish(frozenset(), on=self._clock.now().date())
        return path.read_bytes()

    def import_partner_bundle(self, pem: bytes) -> int:
        """Check and keep the partner's certificates; returns how many signers they hold.
        Raises :class:`TrustListInvalid` for a bundle without a CA or with a signer no CA in
        it certified."""
        probe = TrustList()
        probe.import_pem(pem)
        if not probe.authorities:
            raise TrustListInvalid("the bundle holds no country CA certificate", field="bundle")
        self._keep(pem, ".pem")
        return len(probe.signers)

    def import_partner_revocations(self, document: bytes) -> None:
        """Check a partner's revocation list (or X.509 CRL) against the trust list; keep it."""
        trust = self.trust_list()
        if document.lstrip().startswith(b"-----BEGIN X509 CRL"):
            trust.import_crl(document)
            self._keep(document, ".crl")
        else:
            trust.import_revocation_list(document)
            self._keep(document, ".json")

    # -- the trust list ------------------------------------------------------------------

    def trust_list(self) -> TrustList:
        """This node's and the partner's CAs, signers and revocation lists (cached until a
        file in the folder changes)."""
        # The folder is looked at most once a second (an import reaches the lanes a second
        # later at most); this node's own changes reset the stamp at once.
        now = monotonic()
        if self._trust is not None and self._stamp is not None and now - self._looked_at < 1.0:
            return self._trust
        self._looked_at = now
        stamp = self._folder_stamp()
        if self._trust is not None and stamp == self._stamp:
            return self._trust
        with self._lock:
            self.signer(self._clock.now().date())
            stamp = self._folder_stamp()
            trust = TrustList()
            trust.add_authority(self.country_ca().certificate)
            for path in sorted(self.folder.glob("signer-*.pem")):
                trust.import_pem(path.read_bytes())
            partner = self.folder / "partner"
            for path in sorted(partner.glob("*.pem")):
                trust.import_pem(path.read_bytes())
            own = self.folder / "revocations.json"
            for path in [own] if own.exists() else []:
                trust.import_revocation_list(path.read_bytes())
            for path in sorted(partner.glob("*.json")):
                trust.import_revocation_list(path.read_bytes())
            for path in sorted(partner.glob("*.crl")):
                trust.import_crl(path.read_bytes())
            self._trust, self._stamp = trust, stamp
            return trust

    def _keep(self, data: bytes, suffix: str) -> None:
        partner = self.folder / "partner"
        partner.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(data).hexdigest()[:16]
        (partner / f"{name}{suffix}").write_bytes(data)
        self._stamp = None

    def _folder_stamp(self) -> tuple[tuple[str, int], ...]:
        found: list[tuple[str, int]] = []
        for folder in (self.folder, self.folder / "partner"):
            if folder.is_dir():
                with os.scandir(folder) as entries:
                    found += [(e.path, e.stat().st_mtime_ns) for e in entries if e.is_file()]
        return tuple(sorted(found))


_STORES: dict[tuple[str, str], VisaKeyStore] = {}
_STORES_LOCK = threading.Lock()


def key_store(data_dir: Path, party: str, clock: Clock) -> VisaKeyStore:
    """The one key store of a data folder in this process (created on first use)."""
    key = (str(data_dir.resolve()), party)
    with _STORES_LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _STORES[key] = VisaKeyStore(data_dir, party, clock)
        return store
