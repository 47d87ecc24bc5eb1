"""Alarms and units as Cursor-on-Target events (CoT 2.0, MITRE ``Event.xsd``, 2003).

An event is ``<event version="2.0" uid type how time start stale>`` holding a ``<point
lat lon hae ce le>`` (WGS 84 degrees; metres) and an optional free-form ``<detail>``.
What limes sends:

* an **alarm**: ``uid`` ``limes-alarm-<id>``; ``type`` ``a-h-G`` (a hostile ground track)
  for an intrusion whose track crossed the line (``heading_into`` known), else ``a-u-G``
  (unknown ground: a cut or climb with no direction yet, a herd, a silent sensor);
  ``how`` ``m-f`` (machine, fused: corroborated from several sensors); ``ce`` 150 m,
  the correlator's gate. A closed alarm is sent once more with ``stale`` = now, which
  tells the client it is no longer valid.
* a **unit**: ``uid`` ``limes-unit-<id>``; ``type`` ``a-f-G-U-C`` (friendly ground combat
  unit), or ``a-f-A-M-H`` (friendly military rotary-wing) for a helicopter; ``how``
  ``m-g`` (machine, GPS); its callsign in ``<contact>``.

``hae`` and ``le`` are 9999999.0, CoT's "unknown". ``<remarks>`` carries a human summary;
``<limes>`` carries the fields for machines (TAK clients ignore detail elements they do
not know). Times are UTC, ``YYYY-MM-DDThh:mm:ss.sssZ``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from limes.operations.events import UnitDispatched, UnitStatusChanged
from limes.operations.model import Unit, UnitKind
from limes.surveillance.events import AlarmRaised, AlarmStatusChanged
from limes.surveillance.model import Alarm, AlarmKind, AlarmStatus

HOSTILE_GROUND = "a-h-G"
UNKNOWN_GROUND = "a-u-G"
FRIENDLY_GROUND_UNIT = "a-f-G-U-C"
FRIENDLY_ROTARY_WING = "a-f-A-M-H"
UNKNOWN_VALUE = "9999999.0"  # CoT's "not known" for hae, ce and le
ALARM_CE_M = 150.0  # the correlator's association gate: where the track may be

Position = Callable[[float, float], tuple[float, float]]
"""(chainage_m, offset_m) -> (lon, lat) on the boundary."""


@dataclass(frozen=True, slots=True)
class CotTimings:
    """How long an alarm and a unit stay valid on a client without a fresh event."""

    alarm_stale_s: float = 600.0
    unit_stale_s: float = 120.0


def cot_time(moment: datetime) -> str:
    """A CoT time: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _event(
    uid: str,
    *,
    cot_type: str,
    how: str,
    now: datetime,
    start: datetime,
    stale: datetime,
    lon_lat: tuple[float, float],
    ce_m: float | None,
) -> ET.Element:
    event = ET.Element(
        "event",
        {
            "version": "2.0",
            "uid": uid,
            "type": cot_type,
            "how": how,
            "time": cot_time(now),
            "start": cot_time(start),
            "stale": cot_time(stale),
        },
    )
    lon, lat = lon_lat
    ET.SubElement(
        event,
        "point",
        {
            "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}",
            "hae": UNKNOWN_VALUE,
            "ce": f"{ce_m:.1f}" if ce_m is not None else UNKNOWN_VALUE,
            "le": UNKNOWN_VALUE,
        },
    )
    return event


def _detail(event: ET.Element, callsign: str, remarks: str, fields: dict[str, str]) -> None:
    detail = ET.SubElement(event, "detail")
    ET.SubElement(detail, "contact", {"callsign": callsign})
    ET.SubElement(detail, "remarks").text = remarks
    ET.SubElement(detail, "limes", fields)


def _bytes(event: ET.Element) -> bytes:
    payload: bytes = ET.tostring(event, encoding="utf-8", xml_declaration=False)
    return payload


def alarm_type(alarm: Alarm) -> str:
    """Hostile when an intrusion's track crossed the line, otherwise unknown."""
    if alarm.kind is AlarmKind.INTRUSION and alarm.heading_into is not None:
        return HOSTILE_GROUND
    return UNKNOWN_GROUND


def alarm_event(
    alarm: Alarm, position: Position, now: datetime, timings: CotTimings | None = None
) -> bytes:
    """The CoT event of ``alarm``; a closed alarm goes stale at once."""
    stale_s = (timings or CotTimings()).alarm_stale_s
    closed = alarm.status is AlarmStatus.CLOSED
    stale = now if closed else now + timedelta(seconds=stale_s)
    event = _event(
        f"limes-alarm-{alarm.id}",
        cot_type=alarm_type(alarm),
        how="m-f",
        now=now,
        start=min(alarm.time, now),
        stale=stale,
        lon_lat=position(alarm.chainage_m, alarm.offset_m),
        ce_m=ALARM_CE_M,
    )
    heading = f", heading into {alarm.heading_into}" if alarm.heading_into else ""
    _detail(
        event,
        f"{alarm.kind.value.upper()} {alarm.sector_id} km {alarm.chainage_m / 1000:.1f}",
        f"{alarm.kind.value} alarm, {alarm.status.value}, confidence {alarm.confidence:.2f}"
        f"{heading}. {alarm.reason}".strip(),
        {
            "kind": "alarm",
            "id": alarm.id,
            "alarm_kind": alarm.kind.value,
            "status": alarm.status.value,
            "sector_id": alarm.sector_id,
            "chainage_m": f"{alarm.chainage_m:.1f}",
            "confidence": f"{alarm.confidence:.3f}",
            "heading_into": alarm.heading_into or "",
        },
    )
    return _bytes(event)


def unit_event(
    unit: Unit, position: Position, now: datetime, timings: CotTimings | None = None
) -> bytes:
    """The CoT event of ``unit``: a friendly ground unit, or rotary wing for a helicopter."""
    stale_s = (timings or CotTimings()).unit_stale_s
    event = _event(
        f"limes-unit-{unit.id}",
        cot_type=(
            FRIENDLY_ROTARY_WING if unit.kind is UnitKind.HELICOPTER else FRIENDLY_GROUND_UNIT
        ),
        how="m-g",
        now=now,
        start=now,
        stale=now + timedelta(seconds=stale_s),
        lon_lat=position(unit.chainage_m, unit.offset_m),
        ce_m=None,
    )
    _detail(
        event,
        unit.callsign or unit.id,
        f"{unit.party} {unit.kind.value.replace('_', ' ')}, {unit.status.value}",
        {
            "kind": "unit",
            "id": unit.id,
            "party": unit.party,
            "unit_kind": unit.kind.value,
            "status": unit.status.value,
            "chainage_m": f"{unit.chainage_m:.1f}",
        },
    )
    return _bytes(event)


def render(
    item: object, position: Position, now: datetime, timings: CotTimings | None = None
) -> list[bytes]:
    """The CoT events for an alarm, a unit, or a live-hub event; none for anything else
    (an incident's changes reach TAK as its unit's and its alarm's)."""
    if isinstance(item, AlarmRaised | AlarmStatusChanged):
        item = item.alarm
    elif isinstance(item, UnitDispatched | UnitStatusChanged):
        item = item.unit
    if isinstance(item, Alarm):
        return [alarm_event(item, position, now, timings)]
    if isinstance(item, Unit):
        return [unit_event(item, position, now, timings)]
    return []
