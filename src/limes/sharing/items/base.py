"""What every typed item is: a versioned pydantic model with no free-form field, each field
marked for the export guard as personal data, free text, or neither (issue #12, part 1).

A field is marked with :data:`typing.Annotated` metadata:

- ``Personal("names_latin")``: the field holds personal data; the argument names the field
  of a registry record it would disclose (:data:`limes.registry.guard.PERSONAL_FIELDS` and
  ``RETURN_FIELDS``), so a person's consent can be checked field by field;
- ``FREE_TEXT``: words a person typed (a note, a camp's name): anything could stand in it.

A field with neither mark is closed: a number, a date, an enumeration, or a text held to a
pattern (a party's code, a PEM certificate), so no name or document number can hide in it. The guard
reads every marked field (:func:`marked_texts`); a test holds every kind to the rule that an
unmarked text field has a pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True, slots=True)
class Personal:
    """Marks a field as personal data; ``discloses`` is the registry field it would reveal."""

    discloses: str


@dataclass(frozen=True, slots=True)
class FreeTextMark:
    """Marks a field as free text: read by the guard for names and identifiers."""


FREE_TEXT = FreeTextMark()

Code = Annotated[str, Field(min_length=1, max_length=128), FREE_TEXT]
"""An identifier of a thing (a sector, an alarm, a list): read by the guard like free text,
since whoever named the thing could have typed anything into it."""
Party = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""An ISO 3166-1 alpha-3 code."""
Note = Annotated[str, Field(max_length=2_000), FREE_TEXT]
"""A short free text, read by the guard."""
Metres = Annotated[float, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=2**53 - 1)]


class Closed(BaseModel):
    """A part of an item: unknown fields refused, values frozen, no NaN."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=False)


class SharedItem(Closed):
    """A typed item. Subclasses set ``kind`` and ``version`` as literals and ``category``.

    ``distance_from_boundary_m`` places near-boundary kinds for the agreement's distance
    (None for the others).
    """

    KIND: ClassVar[str]
    VERSION: ClassVar[int]
    CATEGORY: ClassVar[str]

    @property
    def distance_from_boundary_m(self) -> float | None:
        return None

    def content(self) -> dict[str, Any]:
        """The item's fields as JSON values (dates and times as ISO 8601), without the kind
        and version, which the document carries beside them."""
        return self.model_dump(mode="json", exclude={"kind", "version"})


@dataclass(frozen=True, slots=True)
class MarkedText:
    """One text of a marked field: where it stands (``content.hits[0].name``), the text,
    and the mark (a :class:`Personal` or :data:`FREE_TEXT`)."""

    path: str
    text: str
    mark: Personal | FreeTextMark


def _mark_of(metadata: list[Any]) -> Personal | FreeTextMark | None:
    for entry in metadata:
        if isinstance(entry, Personal | FreeTextMark):
            return entry
    return None


def marked_texts(model: BaseModel, path: str = "content") -> Iterator[MarkedText]:
    """Every text (strings, and dates and numbers as written) of every marked field of
    ``model``, at any depth of nested parts, with its path and mark."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        where = f"{path}.{name}"
        mark = _mark_of(info.metadata)
        if mark is not None:
            for at, text in _texts(value, where):
                yield MarkedText(at, text, mark)
        yield from _nested(value, where)


def _nested(value: object, path: str) -> Iterator[MarkedText]:
    if isinstance(value, BaseModel):
        yield from marked_texts(value, path)
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from _nested(inner, f"{path}[{index}]")


def _texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, int | float):
        yield path, str(value)
    elif isinstance(value, date | datetime):
        yield path, value.isoformat()
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from _texts(inner, f"{path}[{index}]")


def disclosed_fields(model: BaseModel) -> frozenset[str]:
    """The registry fields the item's filled personal fields would disclose."""
    return frozenset(
        m.mark.discloses for m in marked_texts(model) if isinstance(m.mark, Personal) and m.text
    )
