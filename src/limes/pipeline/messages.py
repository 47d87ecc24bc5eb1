"""Sensor messages, schema version 1: topics, payloads and their validation. Pure.

Topics (docs/mqtt.md)::

    limes/v1/<party>/sensors/<sensor_id>/detections
    limes/v1/<party>/sensors/<sensor_id>/heartbeat

A detection payload is a JSON object::

    {"v": 1, "id": "irq-t061-thermal-000123", "sensor_id": "irq-t061-thermal",
     "time": "2026-11-25T12:00:03.250Z", "signal": "thermal", "strength": 0.82,
     "chainage_m": 120480.0, "offset_m": -35.0}

with either ``chainage_m`` and ``offset_m`` or ``lon`` and ``lat`` (WGS 84 degrees). A
heartbeat is ``{"v": 1, "sensor_id": ..., "time": ...}``. Parsing stops at the first problem
with a :class:`Refusal` carrying a :class:`Rejected`: the reason code and a sentence naming
the field.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from limes.pipeline.dead_letters import DeadLetterReason
from limes.surveillance.api import Detection, SignalKind

SCHEMA_VERSION = 1
TOPIC_ROOT = "limes/v1"
MAX_PAYLOAD_BYTES = 4096
MAX_ID_LENGTH = 128
_SIGNALS = {kind.value: kind for kind in SignalKind}


def detection_topic(party: str, sensor_id: str) -> str:
    """The topic a sensor publishes its detections on."""
    return f"{TOPIC_ROOT}/{party}/sensors/{sensor_id}/detections"


def heartbeat_topic(party: str, sensor_id: str) -> str:
    """The topic a sensor publishes its heartbeats on."""
    return f"{TOPIC_ROOT}/{party}/sensors/{sensor_id}/heartbeat"


SUBSCRIPTIONS = (f"{TOPIC_ROOT}/+/sensors/+/detections", f"{TOPIC_ROOT}/+/sensors/+/heartbeat")


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """A sensor saying it is alive at ``time``."""

    sensor_id: str
    time: datetime


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why a message was not taken: a stable reason code and a sentence naming the field."""

    reason_code: DeadLetterReason
    reason: str


Reading = Detection | Heartbeat


class Locator(Protocol):
    """Turns WGS 84 positions into chainage and offset (``limes.geo.Boundary`` is one)."""

    def locate(self, lon: float, lat: float) -> Any: ...


@dataclass(frozen=True, slots=True)
class Topic:
    """A parsed topic: which party, which sensor, detections or heartbeat."""

    party: str
    sensor_id: str
    kind: str  # "detections" or "heartbeat"


def parse_topic(topic: str) -> Topic:
    """The parts of a v1 topic; raises :class:`Refusal`."""
    parts = topic.split("/")
    if (
        len(parts) != 6
        or f"{parts[0]}/{parts[1]}" != TOPIC_ROOT
        or parts[3] != "sensors"
        or parts[5] not in ("detections", "heartbeat")
    ):
        raise Refusal(
            Rejected(DeadLetterReason.TOPIC_MISMATCH, f"topic {topic[:200]!r} is not a v1 topic")
        )
    return Topic(parts[2], parts[4], parts[5])


class Refusal(Exception):
    """Raised inside validation to stop at the first problem; carries the :class:`Rejected`."""

    def __init__(self, rejected: Rejected) -> None:
        super().__init__(rejected.reason)
        self.rejected = rejected


def _invalid(field: str, message: str) -> Refusal:
    return Refusal(Rejected(DeadLetterReason.INVALID_FIELD, f"{field}: {message}"))


def _number(data: dict[str, Any], field: str) -> float:
    value = data.get(field)
    # bool is an int in Python; a JSON true is not a number of metres.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(field, "must be a number")
    if not math.isfinite(value):
        raise _invalid(field, "must be finite")
    return float(value)


def _identifier(data: dict[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LENGTH:
        raise _invalid(field, f"must be a non-empty string of at most {MAX_ID_LENGTH} characters")
    return value


def _time(data: dict[str, Any]) -> datetime:
    value = data.get("time")
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise _invalid("time", "must be an RFC 3339 string such as 2026-11-25T12:00:00Z")
    if parsed.tzinfo is None:
        raise _invalid("time", "must carry a time zone (Z or +00:00)")
    return parsed.astimezone(UTC)


def decode(payload: bytes) -> dict[str, Any]:
    """The payload as a JSON object of schema version 1; raises :class:`Refusal`."""
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise Refusal(
            Rejected(
                DeadLetterReason.TOO_LARGE,
                f"payload of {len(payload)} bytes > {MAX_PAYLOAD_BYTES}",
            )
        )
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refusal(
            Rejected(DeadLetterReason.MALFORMED_JSON, f"not UTF-8 JSON: {exc}"[:300])
        ) from None
    except RecursionError:
        # json.loads recurses once per nesting level: a few thousand brackets exhaust the
        # stack (issue #13). No sensor message nests more than two levels.
        raise Refusal(
            Rejected(DeadLetterReason.MALFORMED_JSON, "JSON nested too deeply to be a reading")
        ) from None
    if not isinstance(data, dict):
        raise Refusal(
            Rejected(DeadLetterReason.MALFORMED_JSON, "the payload must be a JSON object")
        )
    version = data.get("v")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise Refusal(
            Rejected(
                DeadLetterReason.UNSUPPORTED_VERSION,
                f"v: schema version {version!r} is not supported (this node reads 1)",
            )
        )
    return data


def parse_heartbeat(data: dict[str, Any]) -> Heartbeat:
    """A heartbeat from a decoded payload; raises :class:`Refusal`."""
    return Heartbeat(_identifier(data, "sensor_id"), _time(data))


def parse_detection(data: dict[str, Any], locator: Locator | None) -> Detection:
    """A detection from a decoded payload (positions by lon/lat need ``locator``); raises
    :class:`Refusal`."""
    detection_id = _identifier(data, "id")
    sensor_id = _identifier(data, "sensor_id")
    at = _time(data)
    signal = _SIGNALS.get(data.get("signal"))  # type: ignore[arg-type]
    if signal is None:
        raise _invalid("signal", f"must be one of {', '.join(sorted(_SIGNALS))}")
    strength = _number(data, "strength")
    if not 0.0 <= strength <= 1.0:
        raise _invalid("strength", "must be between 0 and 1")
    chainage_m, offset_m = _position(data, locator)
    if chainage_m < 0.0:
        raise Refusal(
            Rejected(
                DeadLetterReason.OFF_BORDER, f"chainage_m: {chainage_m:.0f} m is before the line"
            )
        )
    return Detection(detection_id, sensor_id, at, chainage_m, offset_m, signal, strength)


def _position(data: dict[str, Any], locator: Locator | None) -> tuple[float, float]:
    if "chainage_m" in data or "offset_m" in data:
        return _number(data, "chainage_m"), _number(data, "offset_m")
    if "lon" in data or "lat" in data:
        lon, lat = _number(data, "lon"), _number(data, "lat")
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            raise _invalid("lon", "lon and lat must be WGS 84 degrees")
        if locator is None:
            raise _invalid("lon", "this node takes positions as chainage_m and offset_m")
        station = locator.locate(lon, lat)
        return float(station.chainage_m), float(station.offset_m)
    raise _invalid("chainage_m", "a position is needed: chainage_m and offset_m, or lon and lat")


def encode_detection(detection: Detection) -> bytes:
    """The v1 payload of ``detection`` (what a sensor, or the simulator, publishes)."""
    return json.dumps(
        {
            "v": SCHEMA_VERSION,
            "id": detection.id,
            "sensor_id": detection.sensor_id,
            "time": detection.time.isoformat().replace("+00:00", "Z"),
            "signal": detection.signal_kind.value,
            "strength": round(detection.strength, 4),
            "chainage_m": round(detection.chainage_m, 2),
            "offset_m": round(detection.offset_m, 2),
        },
        separators=(",", ":"),
    ).encode()


def encode_heartbeat(heartbeat: Heartbeat) -> bytes:
    """The v1 payload of a heartbeat."""
    return json.dumps(
        {
            "v": SCHEMA_VERSION,
            "sensor_id": heartbeat.sensor_id,
            "time": heartbeat.time.isoformat().replace("+00:00", "Z"),
        },
        separators=(",", ":"),
    ).encode()
