"""Life events of a person of concern: arrival, birth, death, departure, return.

A return is a voluntary repatriation through a crossing point (the crossings context's
points, by key); it ends the stay in the host country and is counted in statistics as a
return, UNHCR's ``returned_refugees``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from limes.errors import Invalid
from limes.registry.errors import ImpossibleDate
from limes.registry.model import Individual


class LifeEventKind(StrEnum):
    """What happened. Stable lowercase values."""

    ARRIVAL = "arrival"
    BIRTH = "birth"
    DEATH = "death"
    DEPARTURE = "departure"
    RETURN = "return"


@dataclass(frozen=True, slots=True)
class LifeEvent:
    """``kind`` happened to ``individual_id`` on ``on`` at ``location_key``.

    ``crossing_point`` is the key of the border crossing for a return (required) or a
    departure or arrival through one (optional).
    """

    individual_id: str
    kind: LifeEventKind
    on: date
    location_key: str
    crossing_point: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind is LifeEventKind.RETURN and not self.crossing_point:
            raise Invalid(
                "a return names the crossing point it went through", field="crossing_point"
            )


def check_life_event(event: LifeEvent, person: Individual) -> None:
    """Refuse an event that cannot have happened to ``person``.

    Nothing happens before birth (by the earliest possible date of birth) or after death;
    a birth event falls within the span of the recorded date of birth.
    """
    dob = person.date_of_birth
    if event.on < dob.earliest():
        raise ImpossibleDate(f"{event.kind.value} before the person was born", field="on")
    if event.kind is LifeEventKind.BIRTH and event.on > dob.latest():
        raise ImpossibleDate(
            f"birth on {event.on.isoformat()} but date of birth is {dob}", field="on"
        )
    if person.date_of_death is not None and event.on > person.date_of_death:
        raise ImpossibleDate(f"{event.kind.value} after the person died", field="on")
