"""What other contexts may use of audit: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.audit.canonical import canonical_json, canonical_sha256, format_instant, parse_instant
from limes.audit.chain import AuditKind, append_entry
from limes.audit.ports import AuditLog, AuditUnitOfWork
from limes.audit.reconcile import batch_details, exchange_details
from limes.audit.services import Happening, record, record_many

__all__ = [
    "AuditKind",
    "AuditLog",
    "AuditUnitOfWork",
    "Happening",
    "append_entry",
    "batch_details",
    "canonical_json",
    "canonical_sha256",
    "exchange_details",
    "format_instant",
    "parse_instant",
    "record",
    "record_many",
]
