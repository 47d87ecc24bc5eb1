"""The scenario's camps: eight in the Kurdistan Region of Iraq, three in north-east Syria.

Names and administrative placement follow UNHCR's camp lists and its population statistics
(``location`` column, e.g. "Gawilan (within Admin 2: Al-Hamdaniya ) [Admin 3: POC]"); UNHCR
spells Al-Hol "El Hol". Akre district is administered from Duhok and is placed there, as
UNHCR's Duhok office lists the camp. All are planned camps (``acc_type`` P).
"""

from __future__ import annotations

from limes.registry.locations import CampKind, Location, LocationLevel, LocationTree

_C, _G, _D, _K = (
    LocationLevel.COUNTRY,
    LocationLevel.GOVERNORATE,
    LocationLevel.DISTRICT,
    LocationLevel.CAMP,
)
_P = CampKind.PLANNED_CAMP

# Each area: its key, level, English name, Arabic name and the key of its parent.
_AREAS: tuple[tuple[str, LocationLevel, str, str, str | None], ...] = (
    ("IRQ", _C, "Iraq", "العراق", None),
    ("irq-duhok", _G, "Duhok", "دهوك", "IRQ"),
    ("irq-erbil", _G, "Erbil", "أربيل", "IRQ"),
    ("irq-sulaymaniyah", _G, "Al-Sulaymaniyah", "السليمانية", "IRQ"),
    ("irq-ninewa", _G, "Ninewa", "نينوى", "IRQ"),
    ("irq-duhok-sumail", _D, "Sumail", "سميل", "irq-duhok"),
    ("irq-duhok-akre", _D, "Akre", "عقرة", "irq-duhok"),
    ("irq-erbil-erbil", _D, "Erbil", "أربيل", "irq-erbil"),
    ("irq-erbil-shaqlawa", _D, "Shaqlawa", "شقلاوة", "irq-erbil"),
    ("irq-sulaymaniyah-sulaymaniyah", _D, "Al-Sulaymaniyah", "السليمانية", "irq-sulaymaniyah"),
    ("irq-ninewa-hamdaniya", _D, "Al-Hamdaniya", "الحمدانية", "irq-ninewa"),
    ("SYR", _C, "Syrian Arab Republic", "سوريا", None),
    ("syr-hasakeh", _G, "Al-Hasakeh", "الحسكة", "SYR"),
    ("syr-hasakeh-malikiyah", _D, "Al-Malikiyah", "المالكية", "syr-hasakeh"),
    ("syr-hasakeh-hasakeh", _D, "Al-Hasakeh", "الحسكة", "syr-hasakeh"),
)

# Each camp: its key, English and Arabic names, district, and the name UNHCR uses for it.
_CAMPS: tuple[tuple[str, str, str, str, str], ...] = (
    ("domiz", "Domiz", "دوميز", "irq-duhok-sumail", "Domiz"),
    ("akre", "Akre", "عقرة", "irq-duhok-akre", "Akre"),
    ("darashakran", "Darashakran", "دارشكران", "irq-erbil-erbil", "Darashakran"),
    ("kawergosk", "Kawergosk", "كوركوسك", "irq-erbil-erbil", "Kawergosk"),
    ("qushtapa", "Qushtapa", "قوشتبة", "irq-erbil-erbil", "Qushtapa"),
    ("basirma", "Basirma", "باسرمة", "irq-erbil-shaqlawa", "Basirma"),
    ("arbat", "Arbat", "عربت", "irq-sulaymaniyah-sulaymaniyah", "Arbat"),
    ("gawilan", "Gawilan", "كويلان", "irq-ninewa-hamdaniya", "Gawilan"),
    ("newroz", "Newroz", "نوروز", "syr-hasakeh-malikiyah", "Newroz"),
    ("roj", "Roj", "روج", "syr-hasakeh-malikiyah", "Roj"),
    ("al-hol", "Al-Hol", "الهول", "syr-hasakeh-hasakeh", "El Hol"),
)

SCENARIO_CAMP_KEYS: tuple[str, ...] = tuple(row[0] for row in _CAMPS)

UNHCR_CAMP_NAMES: dict[str, str] = {row[4]: row[0] for row in _CAMPS}
"""UNHCR's spelling of a scenario camp -> its key here."""


def scenario_locations() -> list[Location]:
    """The scenario's countries, governorates, districts and camps, parents first."""
    areas = [Location(key, level, en, ar, parent) for key, level, en, ar, parent in _AREAS]
    camps = [Location(key, _K, en, ar, district, _P) for key, en, ar, district, _ in _CAMPS]
    return areas + camps


def scenario_tree() -> LocationTree:
    """A fresh :class:`LocationTree` holding :func:`scenario_locations`."""
    return LocationTree(scenario_locations())
