"""Screening: watchlists, Arabic-aware name matching with explanations, and review of hits.

Crossings and visas call :func:`limes.screening.services.screen_person`; an analyst imports
lists through :func:`limes.screening.services.import_list`. See docs/screening.md.
"""

from __future__ import annotations

from limes.screening.index import ScreeningIndex
from limes.screening.matching import (
    Explanation,
    Fact,
    Hit,
    HitStatus,
    ScreeningQuery,
    ScreeningResult,
    Thresholds,
)
from limes.screening.model import (
    AliasQuality,
    DateOfBirth,
    IdentityDocument,
    ListDiff,
    ListedName,
    ListEntry,
    ListVersion,
    Sex,
    WatchList,
    diff_lists,
)

__all__ = [
    "AliasQuality",
    "DateOfBirth",
    "Explanation",
    "Fact",
    "Hit",
    "HitStatus",
    "IdentityDocument",
    "ListDiff",
    "ListEntry",
    "ListVersion",
    "ListedName",
    "ScreeningIndex",
    "ScreeningQuery",
    "ScreeningResult",
    "Sex",
    "Thresholds",
    "WatchList",
    "diff_lists",
]
