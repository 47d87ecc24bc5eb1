"""What the crossings API takes and answers (pydantic models) and how domain objects map to them."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, time
from typing import Annotated, Literal

from pydantic import BaseModel, Field, WithJsonSchema

from limes.crossings.errors import CrossingInvalid
from limes.crossings.model import (
    CrossingPoint,
    CrossingStatus,
    Decision,
    Direction,
    Inspection,
    Movement,
    OpeningHours,
)


class LaneIO(BaseModel):
    number: int = Field(ge=1, le=99)
    direction: Direction
    open: bool = True


# A crossing's hours are local times of day with no offset ("06:00", answered "06:00:00"), so
# not OpenAPI's format "time", which needs one ("06:00:00Z"); schemathesis caught the
# mismatch (issue #13).
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            "description": "A local time of day, HH:MM or HH:MM:SS",
            "examples": ["06:00"],
        }
    ),
]


class HoursIO(BaseModel):
    opens: LocalTime = time(0, 0)
    closes: LocalTime = time(0, 0)
    days: list[int] = Field(default_factory=lambda: list(range(7)))

    def hours(self) -> OpeningHours:
        return OpeningHours(self.opens, self.closes, frozenset(self.days))


class CrossingIO(BaseModel):
    key: str
    name_en: str
    name_ar: str = ""
    status: CrossingStatus = CrossingStatus.OPEN
    lanes: list[LaneIO] = Field(
        default_factory=lambda: [LaneIO(number=1, direction=Direction.ENTRY),
                                 LaneIO(number=2, direction=Direction.EXIT)]
    )  # fmt: skip
    hours: HoursIO = Field(default_factory=HoursIO)
    utc_offset_minutes: int = 180


class CrossingChange(BaseModel):
    status: CrossingStatus | None = None
    lanes: list[LaneIO] | None = None
    hours: HoursIO | None = None


class ReasonOut(BaseModel):
    code: str
    severity: str
    message: str
    field: str


class InspectionIn(BaseModel):
    crossing: str
    lane: int = Field(ge=1, le=99)
    direction: Direction
    passport_mrz: str = Field(min_length=1, max_length=200)
    visa_seal: str | None = Field(default=None, max_length=4000)
    visa_seal_encoding: Literal["base32", "hex", "base64"] = "base32"
    queued_at: datetime | None = None
    confirm: bool = Field(default=False, description="confirm at once (an automated lane)")


class InspectionOut(BaseModel):
    inspection_id: str
    crossing: str
    lane: int
    direction: str
    started_at: datetime
    queued_at: datetime | None
    recommended: Decision
    decision: Decision | None
    status: str
    reasons: list[ReasonOut]
    person_key: str | None
    surname: str | None
    given_names: str | None
    nationality: str | None
    visa_number: str | None
    visa_valid_until: str | None
    movement_recorded: bool = False


class ConfirmIn(BaseModel):
    decision: Decision | None = None
    note: str = ""


class MovementOut(BaseModel):
    person_key: str
    direction: str
    at: datetime
    crossing: str
    surname: str
    given_names: str
    nationality: str
    visa_number: str | None
    overstay_days: int


class StayOut(BaseModel):
    person_key: str
    present: bool
    authorised_until: str | None
    remaining_days: int | None
    overstay_days: int
    movements: list[MovementOut]


class OverstayOut(BaseModel):
    person_key: str
    surname: str
    given_names: str
    nationality: str
    entered_on: str
    crossing: str
    visa_number: str
    authorised_until: str
    overstay_days: int


def crossing_out(c: CrossingPoint) -> CrossingIO:
    return CrossingIO(
        key=c.key,
        name_en=c.name_en,
        name_ar=c.name_ar,
        status=c.status,
        lanes=[
            LaneIO(number=lane.number, direction=lane.direction, open=lane.open) for lane in c.lanes
        ],
        hours=HoursIO(opens=c.hours.opens, closes=c.hours.closes, days=sorted(c.hours.days)),
        utc_offset_minutes=c.utc_offset_minutes,
    )


def inspection_out(i: Inspection, *, movement: Movement | None = None) -> InspectionOut:
    t = i.traveller
    return InspectionOut(
        inspection_id=i.inspection_id,
        crossing=i.crossing_key,
        lane=i.lane,
        direction=i.direction.value,
        started_at=i.started_at,
        queued_at=i.queued_at,
        recommended=i.recommended,
        decision=i.decision,
        status=i.status.value,
        reasons=[ReasonOut(code=r.code, severity=r.severity.value, message=r.message, field=r.field)
                 for r in i.reasons],
        person_key=t.person_key if t else None,
        surname=t.surname if t else None,
        given_names=t.given_names if t else None,
        nationality=t.nationality if t else None,
        visa_number=i.visa.visa_number if i.visa else None,
        visa_valid_until=i.visa.valid_until.isoformat() if i.visa else None,
        movement_recorded=movement is not None,
    )  # fmt: skip


def movement_out(m: Movement) -> MovementOut:
    return MovementOut(
        person_key=m.person_key,
        direction=m.direction.value,
        at=m.at,
        crossing=m.crossing_key,
        surname=m.surname,
        given_names=m.given_names,
        nationality=m.nationality,
        visa_number=m.visa.visa_number if m.visa else None,
        overstay_days=m.overstay_days,
    )


def decode_seal(text: str, encoding: str) -> bytes:
    """The seal bytes from what the officer pasted; raises a clear error naming the field."""
    cleaned = "".join(text.split())
    try:
        if encoding == "hex":
            return bytes.fromhex(cleaned)
        if encoding == "base64":
            return base64.b64decode(cleaned, validate=True)
        return base64.b32decode(cleaned.upper() + "=" * (-len(cleaned) % 8))
    except (ValueError, binascii.Error):
        raise CrossingInvalid(
            f"the visa seal is not valid {encoding}: paste the barcode's content again",
            field="visa_seal",
        ) from None


# -- routes ------------------------------------------------------------------------------
