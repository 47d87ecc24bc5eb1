"""Alarms and units rendered as Cursor-on-Target events."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from limes.adapters.cot.events import CotTimings, alarm_event, cot_time, render, unit_event
from limes.operations.model import Unit, UnitKind
from limes.surveillance.events import AlarmRaised, NuisanceScored
from limes.surveillance.model import Alarm, AlarmKind, AlarmStatus

NOW = datetime(2026, 11, 25, 12, 0, 0, 123_456, tzinfo=UTC)


def position(chainage_m: float, offset_m: float) -> tuple[float, float]:
    return 41.0 + offset_m / 1e5, 36.0 - chainage_m / 1e5


def an_alarm(**changes: object) -> Alarm:
    fields: dict[str, object] = {
        "id": "a1",
        "kind": AlarmKind.INTRUSION,
        "sector_id": "sector-01",
        "chainage_m": 1_000.0,
        "offset_m": 0.0,
        "time": NOW - timedelta(seconds=30),
        "confidence": 0.9,
        "heading_into": "IRQ",
    }
    fields.update(changes)
    return Alarm(**fields)  # type: ignore[arg-type]


def parsed(payload: bytes) -> ET.Element:
    return ET.fromstring(payload)


def test_cot_times_are_utc_with_milliseconds_and_a_z() -> None:
    assert cot_time(NOW) == "2026-11-25T12:00:00.123Z"


def test_an_intrusion_that_crossed_the_line_is_a_hostile_ground_track() -> None:
    event = parsed(alarm_event(an_alarm(), position, NOW))
    assert event.get("type") == "a-h-G"
    assert event.get("uid") == "limes-alarm-a1"
    assert event.get("start") == "2026-11-25T11:59:30.123Z"
    assert event.get("stale") == "2026-11-25T12:10:00.123Z"


def test_an_alarm_without_a_direction_or_a_fault_is_unknown() -> None:
    assert parsed(alarm_event(an_alarm(heading_into=None), position, NOW)).get("type") == "a-u-G"
    fault = an_alarm(kind=AlarmKind.FAULT, heading_into=None, confidence=1.0)
    assert parsed(alarm_event(fault, position, NOW)).get("type") == "a-u-G"


def test_a_closed_alarm_goes_stale_at_once() -> None:
    closed = an_alarm(status=AlarmStatus.CLOSED)
    event = parsed(alarm_event(closed, position, NOW, CotTimings(alarm_stale_s=60)))
    assert event.get("stale") == event.get("time")


def test_free_text_is_escaped_in_the_xml() -> None:
    event = parsed(alarm_event(an_alarm(reason='cut <fence> & "ladder"'), position, NOW))
    remarks = event.find("detail/remarks")
    assert remarks is not None and 'cut <fence> & "ladder"' in (remarks.text or "")


def test_units_are_friendly_and_helicopters_fly() -> None:
    patrol = Unit("u1", "IRQ", UnitKind.VEHICLE_PATROL, 100, 0, 50)
    heli = Unit("h1", "SYR", UnitKind.HELICOPTER, 100, 0, 200, callsign="Eagle")
    assert parsed(unit_event(patrol, position, NOW)).get("type") == "a-f-G-U-C"
    event = parsed(unit_event(heli, position, NOW))
    assert event.get("type") == "a-f-A-M-H"
    contact = event.find("detail/contact")
    assert contact is not None and contact.get("callsign") == "Eagle"


def test_render_follows_hub_events_and_ignores_what_tak_does_not_show() -> None:
    assert len(render(AlarmRaised(an_alarm()), position, NOW)) == 1
    nuisance = NuisanceScored("sector-01", "t1", 10.0, NOW, 2, 0.2, "weak_signals")
    assert render(nuisance, position, NOW) == []
