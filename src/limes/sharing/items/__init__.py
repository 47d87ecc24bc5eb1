"""Typed items: what may cross to a partner, one versioned model per kind (issue #12).

Import from here: the models, :func:`parse_item` for an item this node sends, and
:func:`check_received` for one a partner sealed.
"""

from __future__ import annotations

from limes.sharing.items.base import (
    FREE_TEXT,
    FreeTextMark,
    MarkedText,
    Personal,
    SharedItem,
    disclosed_fields,
    marked_texts,
)
from limes.sharing.items.cargo import (
    CargoSeizureReport,
    GoodsLine,
    PreArrivalDeclaration,
    TraderLine,
)
from limes.sharing.items.catalogue import (
    KINDS,
    MODELS,
    check_category,
    check_received,
    document_of,
    model_for,
    parse_item,
    read_document,
)
from limes.sharing.items.control import AuditCheckpoint, ItemRelease, ItemWithdrawal
from limes.sharing.items.operations import (
    AlarmNearBoundary,
    IncidentNearBoundary,
    SeizureLine,
    SeizureStatistics,
)
from limes.sharing.items.people import (
    PopulationCells,
    PopulationGroup,
    PopulationStatistics,
    ReturnDocument,
    VoluntaryReturnNotice,
    WatchlistHit,
)
from limes.sharing.items.visas import VisaKeyBundle, VisaRevocation

__all__ = [
    "FREE_TEXT",
    "KINDS",
    "MODELS",
    "AlarmNearBoundary",
    "AuditCheckpoint",
    "CargoSeizureReport",
    "FreeTextMark",
    "GoodsLine",
    "IncidentNearBoundary",
    "ItemRelease",
    "ItemWithdrawal",
    "MarkedText",
    "Personal",
    "PopulationCells",
    "PopulationGroup",
    "PopulationStatistics",
    "PreArrivalDeclaration",
    "ReturnDocument",
    "SeizureLine",
    "SeizureStatistics",
    "SharedItem",
    "TraderLine",
    "VisaKeyBundle",
    "VisaRevocation",
    "VoluntaryReturnNotice",
    "WatchlistHit",
    "check_category",
    "check_received",
    "disclosed_fields",
    "document_of",
    "marked_texts",
    "model_for",
    "parse_item",
    "read_document",
]
