"""Writing machine-readable zones: TD1 (Part 5), TD2 (Part 6), TD3 (Part 4), MRV-A and MRV-B
(Part 7), with every check digit, transliterated names and Part 4 §4.2.2.1 truncation.

Each generator returns the lines joined by newlines. Values are checked first: a code that
Part 3 §5 does not list, a number too long for its field or a character that has no place
in an MRZ raises the matching :class:`~limes.documents.errors.MrzInvalid` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from limes.documents.errors import MrzCharset, MrzCountry, MrzLength, MrzName
from limes.documents.mrz.check_digits import DIGITS, LETTERS, check_digit
from limes.documents.mrz.countries import is_known_code
from limes.documents.mrz.dates import format_date
from limes.documents.mrz.fields import read_document_code
from limes.documents.mrz.layouts import LAYOUTS, Layout
from limes.documents.mrz.model import MrzFormat, Sex
from limes.documents.mrz.names import format_name_field
from limes.documents.transliteration import transliterate_name

_ALNUM = DIGITS | LETTERS


@dataclass(frozen=True, slots=True)
class _Holder:
    """The values every format carries, already checked and in MRZ characters."""

    issuing_state: str
    primary: list[str]
    secondary: list[str]
    document_number: str
    nationality: str
    birth_date: str
    sex: str
    expiry_date: str


def _code(field: str, value: str) -> str:
    bare = value.strip().upper()
    if not is_known_code(bare):
        raise MrzCountry(
            f"{field} {value!r} is neither an ISO 3166-1 alpha-3 code nor a code of "
            "Doc 9303 Part 3 §5",
            field=field,
        )
    return bare.ljust(3, "<")


def _mrz_text(field: str, value: str) -> str:
    # Spaces and special characters in numbers become fillers (Part 4 §4.2.2.2).
    text = "".join(c if c in _ALNUM else "<" for c in value.strip().upper())
    if any(c not in _ALNUM and c != "<" for c in text):
        raise MrzCharset(f"{field} {value!r} holds characters an MRZ cannot carry", field=field)
    return text


def _fit(field: str, text: str, length: int) -> str:
    if len(text) > length:
        raise MrzLength(
            f"{field} has {len(text)} characters, the field holds {length}", field=field
        )
    return text.ljust(length, "<")


def _components(field: str, name: str) -> list[str]:
    return [part for part in transliterate_name(name).split("<") if part] if name else []


def _holder(
    *,
    issuing_state: str,
    primary_identifier: str,
    secondary_identifier: str,
    document_number: str,
    nationality: str,
    birth_date: date | None,
    sex: Sex | str,
    expiry_date: date,
) -> _Holder:
    primary = _components("primary_identifier", primary_identifier)
    if not primary:
        raise MrzName("the primary identifier is empty", field="primary_identifier")
    sex_value = sex.value if isinstance(sex, Sex) else sex.strip().upper() or "<"
    if sex_value == "X":
        sex_value = "<"  # Part 4 note p: X in the VIZ, the filler in the MRZ
    if sex_value not in {s.value for s in Sex}:
        raise MrzCharset(f"sex {sex!r} is not F, M, X or <", field="sex")
    return _Holder(
        issuing_state=_code("issuing_state", issuing_state),
        primary=primary,
        secondary=_components("secondary_identifier", secondary_identifier),
        document_number=_mrz_text("document_number", document_number),
        nationality=_code("nationality", nationality),
        birth_date=format_date(birth_date),
        sex=sex_value,
        expiry_date=format_date(expiry_date),
    )


class _Zone:
    """Lines being filled field by field, then check digits computed from the layout."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.lines = [["<"] * layout.line_length for _ in range(layout.line_count)]

    def put(self, name: str, value: str) -> None:
        spec = self.layout.field(name)
        self.lines[spec.line][spec.start : spec.end] = list(_fit(name, value, spec.length))

    def seal(self, *, skip_document_number: bool = False) -> str:
        for spec in self.layout.checks:
            if spec.field == "document_number" and skip_document_number:
                continue
            data = "".join("".join(self.lines[line][start:end]) for line, start, end in spec.spans)
            self.lines[spec.line][spec.position] = check_digit(data)
        return "\n".join("".join(line) for line in self.lines)


def _document_code(fmt: MrzFormat, code: str) -> str:
    raw = _fit("document_code", code.strip().upper(), 2)
    read_document_code(fmt, raw, line=1)
    return raw


def _common(zone: _Zone, fmt: MrzFormat, document_code: str, holder: _Holder) -> None:
    zone.put("document_code", _document_code(fmt, document_code))
    zone.put("issuing_state", holder.issuing_state)
    zone.put("nationality", holder.nationality)
    zone.put("birth_date", holder.birth_date)
    zone.put("sex", holder.sex)
    zone.put("expiry_date", holder.expiry_date)
    name_length = zone.layout.field("name").length
    zone.put("name", format_name_field(holder.primary, holder.secondary, name_length))


def _number_and_optional(zone: _Zone, holder: _Holder, optional_data: str) -> bool:
    """Put the document number and first optional field; ``True`` for a long number.

    A number of more than nine characters (TD1, TD2 only) keeps its first nine in the
    number field, a filler as its check digit, and goes on at the start of the optional
    data followed by its check digit and a filler (Part 5 and Part 6, note j).
    """
    number = holder.document_number
    optional = _mrz_text("optional_data", optional_data)
    if len(number) <= 9:
        zone.put("document_number", number)
        zone.put("optional_data", optional)
        return False
    head, extension = number[:9], number[9:]
    room = zone.layout.field("optional_data").length - 2  # its check digit and a filler
    if len(extension) > room:
        raise MrzLength(
            f"document_number has {len(number)} characters; a {zone.layout.format.name} holds "
            f"at most {9 + room}",
            field="document_number",
        )
    zone.put("document_number", head)
    zone.put("document_number_check", "<")
    zone.put("optional_data", extension + check_digit(head + extension) + "<" + optional)
    return True


def generate_td3(
    *,
    issuing_state: str,
    primary_identifier: str,
    document_number: str,
    nationality: str,
    birth_date: date | None,
    sex: Sex | str,
    expiry_date: date,
    secondary_identifier: str = "",
    document_code: str = "P",
    personal_number: str = "",
) -> str:
    """The two 44-character lines of a passport (Doc 9303 Part 4 §4.2.2).

    Names are transliterated (:func:`~limes.documents.transliterate_name`) and truncated
    as Part 4 §4.2.2.1 says. ``birth_date`` ``None`` writes an unknown date (Part 3 §4.8).
    """
    holder = _holder(
        issuing_state=issuing_state,
        primary_identifier=primary_identifier,
        secondary_identifier=secondary_identifier,
        document_number=document_number,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
    )
    zone = _Zone(LAYOUTS[MrzFormat.TD3])
    _common(zone, MrzFormat.TD3, document_code, holder)
    zone.put("document_number", _fit("document_number", holder.document_number, 9))
    zone.put("optional_data", _mrz_text("personal_number", personal_number))
    return zone.seal()


def generate_td1(
    *,
    issuing_state: str,
    primary_identifier: str,
    document_number: str,
    nationality: str,
    birth_date: date | None,
    sex: Sex | str,
    expiry_date: date,
    secondary_identifier: str = "",
    document_code: str = "I",
    optional_data: str = "",
    optional_data_2: str = "",
) -> str:
    """The three 30-character lines of an identity card (Doc 9303 Part 5 §4.2.2).

    A ``document_number`` of more than nine characters uses the long form of note j.
    """
    holder = _holder(
        issuing_state=issuing_state,
        primary_identifier=primary_identifier,
        secondary_identifier=secondary_identifier,
        document_number=document_number,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
    )
    zone = _Zone(LAYOUTS[MrzFormat.TD1])
    _common(zone, MrzFormat.TD1, document_code, holder)
    long_form = _number_and_optional(zone, holder, optional_data)
    zone.put("optional_data_2", _mrz_text("optional_data_2", optional_data_2))
    return zone.seal(skip_document_number=long_form)


def generate_td2(
    *,
    issuing_state: str,
    primary_identifier: str,
    document_number: str,
    nationality: str,
    birth_date: date | None,
    sex: Sex | str,
    expiry_date: date,
    secondary_identifier: str = "",
    document_code: str = "I",
    optional_data: str = "",
) -> str:
    """The two 36-character lines of a TD2 (Doc 9303 Part 6 §4.2.2), long numbers as note j."""
    holder = _holder(
        issuing_state=issuing_state,
        primary_identifier=primary_identifier,
        secondary_identifier=secondary_identifier,
        document_number=document_number,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
    )
    zone = _Zone(LAYOUTS[MrzFormat.TD2])
    _common(zone, MrzFormat.TD2, document_code, holder)
    long_form = _number_and_optional(zone, holder, optional_data)
    return zone.seal(skip_document_number=long_form)


def generate_mrv(
    *,
    issuing_state: str,
    primary_identifier: str,
    document_number: str,
    nationality: str,
    birth_date: date | None,
    sex: Sex | str,
    expiry_date: date,
    secondary_identifier: str = "",
    format: MrzFormat = MrzFormat.MRV_A,
    document_code: str = "V",
    optional_data: str = "",
) -> str:
    """The two lines of a machine readable visa, Format-A (2x44) or Format-B (2x36).

    Doc 9303 Part 7 §4.2.2 and §7.2.2: ``document_number`` is the passport number or the
    visa number (nine characters at most); ``expiry_date`` is "valid until"; visas carry no
    composite check digit.
    """
    if not format.is_visa:
        raise MrzLength(f"{format.name} is not a visa format", field="format")
    holder = _holder(
        issuing_state=issuing_state,
        primary_identifier=primary_identifier,
        secondary_identifier=secondary_identifier,
        document_number=document_number,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
    )
    zone = _Zone(LAYOUTS[format])
    _common(zone, format, document_code, holder)
    zone.put("document_number", _fit("document_number", holder.document_number, 9))
    zone.put("optional_data", _mrz_text("optional_data", optional_data))
    return zone.seal()
