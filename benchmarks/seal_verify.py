"""Seal verifications per second beside the bare ECDSA verification on the same curve.

A seal verification (limes.documents.seal.verify_seal) is: parse the header, message zone and
signature zone; find the signer in the trust list (the chain to its CA was checked when the
certificate was imported); verify the signature; check the certificate dates; decode the visa
features; look the visa up in the revocation list. The ceiling is the bare signature check on
the same curve by the same library (OpenSSL through `cryptography`, or python-ecdsa for the
two Brainpool curves OpenSSL lacks) over the same bytes.

    .venv/bin/python benchmarks/seal_verify.py [--seconds 3] [--full]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

from limes.documents.seal import (
    CountryCA,
    DurationOfStay,
    RevocationList,
    TrustList,
    VisaSealFeatures,
    issue_seal,
    parse_seal,
    verify_seal,
)
from limes.documents.seal.curves import CURVES, is_native

ROUNDS = 5
JAN_2026 = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = date(2026, 11, 25)
MRV_B = (
    "VCSYRHASSAN<<AHMED<<<<<<<<<<<<<<<<<<",
    "S123456781IRQ9001014M2705254<<<<<<<<",
)


def rate(action: Callable[[], object], seconds: float) -> float:
    """Calls per CPU second of ``action`` over about ``seconds`` of this process's CPU time.

    CPU time, not wall time: this 2-core machine is shared with other work, and a process
    waiting for a core would otherwise count the wait as the work's cost.
    """
    action()
    calls, started = 0, time.process_time()
    batch = 1
    while (elapsed := time.process_time() - started) < seconds:
        for _ in range(batch):
            action()
        calls += batch
        batch = min(batch * 2, 256)
    return calls / elapsed


def bare_verifier(curve: str, signed: bytes, signature: bytes, spki: bytes) -> Callable[[], bool]:
    """The library's own signature check, with nothing of limes around it."""
    seal_curve = CURVES[curve]
    if is_native(seal_curve):
        from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415
        from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415
        from cryptography.hazmat.primitives.asymmetric.utils import (  # noqa: PLC0415
            encode_dss_signature,
        )

        key = serialization.load_der_public_key(spki)
        assert isinstance(key, ec.EllipticCurvePublicKey)
        half = seal_curve.order_bytes
        der = encode_dss_signature(
            int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
        )
        algorithm = ec.ECDSA(getattr(hashes, seal_curve.hash_name.upper())())

        def openssl() -> bool:
            key.verify(der, signed, algorithm)
            return True

        return openssl
    import ecdsa  # noqa: PLC0415

    raw = ecdsa.VerifyingKey.from_der(spki)
    hashfunc = getattr(hashlib, seal_curve.hash_name)

    def pure_python() -> bool:
        return bool(
            raw.verify(signature, signed, hashfunc=hashfunc, sigdecode=ecdsa.util.sigdecode_string)
        )

    return pure_python


def measure(curve: str, seconds: float) -> tuple[str, str, float, float, float, int]:
    ca = CountryCA.create(country="IQ", issuing_country="IRQ", name="bench", not_before=JAN_2026)
    signer = ca.issue_signer(signer_code="VS", serial_number=1, not_before=JAN_2026, curve=curve)
    features = VisaSealFeatures.from_mrz(
        MRV_B,
        passport_number="N12345678",
        duration_of_stay=DurationOfStay(days=30),
        number_of_entries=1,
    )
    data = issue_seal(features, signer, issued_on=TODAY)
    trust = TrustList()
    trust.add_authority(ca.certificate)
    # A trust list the size of a real one: the partner's CA and a hundred signers beside ours.
    for serial in range(2, 102):
        trust.add_signer(
            ca.issue_signer(signer_code="VS", serial_number=serial, not_before=JAN_2026).certificate
        )
    trust.add_signer(signer.certificate)
    revoked = frozenset(f"X{n:08d}" for n in range(1000))
    trust.import_revocation_list(
        RevocationList("IRQ", 1, TODAY, revoked_visa_numbers=revoked).sign(ca)
    )
    seal = parse_seal(data)
    bare = bare_verifier(
        curve, seal.signed_bytes, seal.signature, signer.key.verifying_key().spki_der()
    )
    assert bare()
    library = "cryptography (OpenSSL)" if is_native(CURVES[curve]) else "python-ecdsa"
    # Interleaved rounds, best of each: on a shared machine the other processes' load then
    # hits both columns alike instead of whichever ran during a burst.
    bare_rate = seal_rate = parse_rate = 0.0
    for _ in range(ROUNDS):
        bare_rate = max(bare_rate, rate(bare, seconds / ROUNDS))
        seal_rate = max(
            seal_rate, rate(lambda: verify_seal(data, trust, today=TODAY), seconds / ROUNDS)
        )
        parse_rate = max(parse_rate, rate(lambda: parse_seal(data), seconds / ROUNDS))
    return curve, library, bare_rate, seal_rate, parse_rate, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per column and curve")
    parser.add_argument("--full", action="store_true", help="every curve Part 13 allows")
    args = parser.parse_args()
    curves = ["P-256", "brainpoolP256r1", "brainpoolP224r1"]
    if args.full:
        curves = list(CURVES)
    if importlib.util.find_spec("ecdsa") is None:
        curves = [c for c in curves if is_native(CURVES[c])]
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"best of {ROUNDS} interleaved rounds, {args.seconds} CPU s per column and curve; "
        "rates are per CPU second of one core"
    )
    print()
    header = (
        f"{'curve':<16} {'library':<23} {'seal bytes':>10} {'bare verify/s':>14} "
        f"{'seal verify/s':>14} {'seal/bare':>9} {'parse only/s':>13}"
    )
    print(header)
    print("-" * len(header))
    for curve in curves:
        name, library, bare_rate, seal_rate, parse_rate, size = measure(curve, args.seconds)
        print(
            f"{name:<16} {library:<23} {size:>10} {bare_rate:>14,.0f} {seal_rate:>14,.0f} "
            f"{seal_rate / bare_rate:>9.0%} {parse_rate:>13,.0f}"
        )


if __name__ == "__main__":
    main()
