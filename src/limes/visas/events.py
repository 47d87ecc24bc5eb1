"""What happened in visas, past tense. Returned by the use cases for the audit log, the
dashboard and any subscriber the node wires."""

from __future__ import annotations

from dataclasses import dataclass

from limes.visas.model import Application, Visa


@dataclass(frozen=True, slots=True)
class ApplicationSubmitted:
    application: Application


@dataclass(frozen=True, slots=True)
class ApplicationRefused:
    application: Application


@dataclass(frozen=True, slots=True)
class VisaIssued:
    visa: Visa


@dataclass(frozen=True, slots=True)
class VisaRevoked:
    visa: Visa
