"""Names: the one normaliser of personal names shared by screening and the registry.

``normalise("Abd al-Rahman bin Hussein al-Tikriti")`` and ``normalise("عبد الرحمن بن حسين
التكريتي")`` give :class:`NameParts` whose parts compare equal across scripts and spellings
through :func:`compare_names`. See docs/screening.md for the rules and their sources.
"""

from __future__ import annotations

from limes.names.arabic import arabic_to_latin_forms, fold_arabic
from limes.names.compare import (
    AGREE_AT,
    MISSING_COST,
    NameComparison,
    PartMatch,
    PartVerdict,
    compare_names,
    name_score,
    part_similarity,
)
from limes.names.errors import NameEmpty, NameScriptUnknown, NameTooLong, NameTooShort
from limes.names.latin import fine_form, fold_latin
from limes.names.parts import (
    NamePart,
    NameParts,
    Role,
    Script,
    normalise,
    normalise_roles,
    parts_in_text,
)
from limes.names.skeleton import latin_to_arabic_skeleton

__all__ = [
    "AGREE_AT",
    "MISSING_COST",
    "NameComparison",
    "NameEmpty",
    "NamePart",
    "NameParts",
    "NameScriptUnknown",
    "NameTooLong",
    "NameTooShort",
    "PartMatch",
    "PartVerdict",
    "Role",
    "Script",
    "arabic_to_latin_forms",
    "compare_names",
    "fine_form",
    "fold_arabic",
    "fold_latin",
    "latin_to_arabic_skeleton",
    "name_score",
    "normalise",
    "normalise_roles",
    "part_similarity",
    "parts_in_text",
]
