"""The watched border: sectors, fence zones, towers, sensors, detections and alarms. Pure.

Everything on the border is placed by chainage (metres along the boundary from its
northern end) and a signed offset from the line (ARCHITECTURE.md, the shared kernel).
A party is a state as an ISO 3166-1 alpha-3 code (``IRQ``, ``SYR``).
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from limes.errors import Invalid
from limes.surveillance.errors import AlarmStatusConflict

PARTY_PATTERN = re.compile(r"^[A-Z]{3}$")
ALARM_NAMESPACE = uuid.UUID("5d0a4c1e-4f43-4a8e-9b1f-6c696d657301")


class SensorKind(StrEnum):
    """What a sensor is. Stable lowercase values: they are stored and sent."""

    FIBRE_OPTIC = "fibre_optic"
    SEISMIC = "seismic"
    MICROPHONIC = "microphonic"
    RADAR = "radar"
    THERMAL_CAMERA = "thermal_camera"


FENCE_SENSOR_KINDS = frozenset({SensorKind.FIBRE_OPTIC, SensorKind.SEISMIC, SensorKind.MICROPHONIC})


class SignalKind(StrEnum):
    """The physical signal behind a detection."""

    VIBRATION = "vibration"  # fibre-optic and seismic fences
    ACOUSTIC = "acoustic"  # microphonic fences
    RADAR = "radar"  # a ground-surveillance radar plot
    THERMAL = "thermal"  # a thermal-camera detection


class AlarmKind(StrEnum):
    INTRUSION = "intrusion"
    FAULT = "fault"
    NUISANCE = "nuisance"


class AlarmStatus(StrEnum):
    """An alarm is open until an operator acknowledges it, and closed when handled."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


def alarm_id(*parts: str) -> str:
    """A stable alarm id from what identifies it: the same parts give the same id."""
    return str(uuid.uuid5(ALARM_NAMESPACE, "/".join(parts)))


def check_party(party: str, field_name: str = "party") -> str:
    if not PARTY_PATTERN.match(party):
        raise Invalid("must be an ISO 3166-1 alpha-3 code such as 'IRQ'", field=field_name)
    return party


def _check_chainage(value: float, field_name: str) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise Invalid("must be a finite, non-negative number of metres", field=field_name)


def _check_finite(value: float, field_name: str) -> None:
    if not math.isfinite(value):
        raise Invalid("must be a finite number", field=field_name)


def _check_positive(value: float, field_name: str) -> None:
    if not (math.isfinite(value) and value > 0):
        raise Invalid("must be a positive number", field=field_name)


def _check_unit_interval(value: float, field_name: str) -> None:
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise Invalid("must be between 0 and 1", field=field_name)


def _check_aware(value: datetime, field_name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid("must be a timezone-aware time", field=field_name)


def _check_id(value: str, field_name: str = "id") -> None:
    if not value or not value.strip() or len(value) > 128:
        raise Invalid("must be a non-empty identifier of at most 128 characters", field=field_name)


@dataclass(frozen=True, slots=True)
class Sector:
    """A stretch of the border one correlator and one commander own: ``[start_m, end_m)``."""

    id: str
    name: str
    start_m: float
    end_m: float

    def __post_init__(self) -> None:
        _check_id(self.id)
        _check_chainage(self.start_m, "start_m")
        _check_chainage(self.end_m, "end_m")
        if self.end_m <= self.start_m:
            raise Invalid("must lie after start_m", field="end_m")

    def contains(self, chainage_m: float) -> bool:
        return self.start_m <= chainage_m < self.end_m


@dataclass(frozen=True, slots=True)
class FenceZone:
    """A stretch of fence on one party's side carrying one kind of sensor.

    ``sensitivity`` (0..1) is the alarm setting of the fence processor: a higher value
    reports weaker disturbances (and more wind).
    """

    id: str
    party: str
    start_m: float
    end_m: float
    sensor_kind: SensorKind
    sensitivity: float
    offset_m: float = 0.0

    def __post_init__(self) -> None:
        _check_id(self.id)
        check_party(self.party)
        _check_chainage(self.start_m, "start_m")
        _check_chainage(self.end_m, "end_m")
        if self.end_m <= self.start_m:
            raise Invalid("must lie after start_m", field="end_m")
        if self.sensor_kind not in FENCE_SENSOR_KINDS:
            raise Invalid(
                "a fence carries fibre_optic, seismic or microphonic", field="sensor_kind"
            )
        _check_unit_interval(self.sensitivity, "sensitivity")
        _check_finite(self.offset_m, "offset_m")

    @property
    def length_m(self) -> float:
        return self.end_m - self.start_m


@dataclass(frozen=True, slots=True)
class Tower:
    """A watchtower at a chainage and offset; a range of 0 means it lacks that sensor."""

    id: str
    party: str
    chainage_m: float
    offset_m: float
    height_m: float
    radar_range_m: float
    thermal_range_m: float

    def __post_init__(self) -> None:
        _check_id(self.id)
        check_party(self.party)
        _check_chainage(self.chainage_m, "chainage_m")
        _check_finite(self.offset_m, "offset_m")
        _check_positive(self.height_m, "height_m")
        for name in ("radar_range_m", "thermal_range_m"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise Invalid("must be zero (none fitted) or a positive range", field=name)

    def range_m(self, kind: SensorKind) -> float:
        """The nominal range of the tower's sensor of ``kind`` (0 when it has none)."""
        if kind is SensorKind.RADAR:
            return self.radar_range_m
        if kind is SensorKind.THERMAL_CAMERA:
            return self.thermal_range_m
        return 0.0


@dataclass(frozen=True, slots=True)
class Sensor:
    """One reporting device. It must be heard (a detection or a heartbeat) at least every
    ``heartbeat_interval_s`` seconds, or it raises a fault (it may be cut)."""

    id: str
    kind: SensorKind
    party: str
    chainage_m: float
    offset_m: float
    heartbeat_interval_s: float
    mount_id: str = ""  # the tower or fence zone carrying it

    def __post_init__(self) -> None:
        _check_id(self.id)
        check_party(self.party)
        _check_chainage(self.chainage_m, "chainage_m")
        _check_finite(self.offset_m, "offset_m")
        _check_positive(self.heartbeat_interval_s, "heartbeat_interval_s")


@dataclass(frozen=True, slots=True)
class Detection:
    """One report from one sensor: something at ``chainage_m``/``offset_m`` at ``time``.

    ``id`` is unique per detection (the sensor's message id): a second detection with a
    seen id is a duplicate. ``strength`` is the sensor's own 0..1 score.
    """

    id: str
    sensor_id: str
    time: datetime
    chainage_m: float
    offset_m: float
    signal_kind: SignalKind
    strength: float

    def __post_init__(self) -> None:
        _check_id(self.id)
        _check_id(self.sensor_id, "sensor_id")
        _check_aware(self.time, "time")
        _check_chainage(self.chainage_m, "chainage_m")
        _check_finite(self.offset_m, "offset_m")
        _check_unit_interval(self.strength, "strength")


@dataclass(frozen=True, slots=True)
class Alarm:
    """Evidence strong enough for an operator, or a fault, or a scored nuisance.

    ``heading_into`` is the party the track moved into (None when the direction is
    unknown, and for faults); ``detection_ids`` are the detections behind it at the time
    it was raised.
    """

    id: str
    kind: AlarmKind
    sector_id: str
    chainage_m: float
    offset_m: float
    time: datetime
    confidence: float
    heading_into: str | None = None
    detection_ids: tuple[str, ...] = ()
    sensor_ids: tuple[str, ...] = ()
    reason: str = ""
    status: AlarmStatus = AlarmStatus.OPEN
    track_id: str = ""

    def __post_init__(self) -> None:
        _check_id(self.id)
        _check_id(self.sector_id, "sector_id")
        _check_chainage(self.chainage_m, "chainage_m")
        _check_finite(self.offset_m, "offset_m")
        _check_aware(self.time, "time")
        _check_unit_interval(self.confidence, "confidence")
        if self.heading_into is not None:
            check_party(self.heading_into, "heading_into")

    def acknowledge(self) -> Alarm:
        """The alarm seen by an operator; only an open alarm can be acknowledged."""
        if self.status is not AlarmStatus.OPEN:
            raise AlarmStatusConflict(self.status, AlarmStatus.ACKNOWLEDGED)
        return replace(self, status=AlarmStatus.ACKNOWLEDGED)

    def close(self) -> Alarm:
        """The alarm handled; closing twice is a conflict."""
        if self.status is AlarmStatus.CLOSED:
            raise AlarmStatusConflict(self.status, AlarmStatus.CLOSED)
        return replace(self, status=AlarmStatus.CLOSED)
