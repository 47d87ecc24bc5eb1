"""Ingest: one raw sensor message in, a reading keyed by sector or a rejection out. Pure.

The checks, in order (each failure is a dead letter with its reason, docs/mqtt.md):
size and JSON, schema version, the topic, the fields, the sensor (known, and the one the
topic names), the position (on the line, not too far off it), the time (not too far in the
future), and the sensor's message rate (a token bucket per sensor). Duplicates and late
detections are the correlator's to judge: it sees every sector's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from limes.pipeline.dead_letters import DeadLetterReason
from limes.pipeline.messages import (
    Heartbeat,
    Locator,
    Reading,
    Refusal,
    Rejected,
    Topic,
    decode,
    parse_detection,
    parse_heartbeat,
    parse_topic,
)
from limes.surveillance.api import Detection, Sector, Sensor


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Limits of ingest. A sensor may burst ``burst`` messages, then ``rate_per_s`` a second.

    ``max_offset_m`` bounds how far off the line a detection may lie: the farthest sensor
    reach in the default layout is a ground radar's 8 km, so 10 km leaves room.
    """

    max_offset_m: float = 10_000.0
    max_future_s: float = 30.0
    max_age_s: float = 3600.0
    rate_per_s: float = 20.0
    burst: float = 100.0


@dataclass(frozen=True, slots=True)
class Accepted:
    """A valid reading and the sector whose correlator owns it."""

    reading: Reading
    sector_id: str


class RateLimiter:
    """A token bucket per sensor, by the receive time (seconds) handed in."""

    def __init__(self, rate_per_s: float, burst: float) -> None:
        self._rate = rate_per_s
        self._burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, now_s: float) -> bool:
        tokens, last_s = self._buckets.get(key, (self._burst, now_s))
        tokens = min(self._burst, tokens + max(0.0, now_s - last_s) * self._rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now_s)
            return False
        self._buckets[key] = (tokens - 1.0, now_s)
        return True


class Ingest:
    """Validates messages against the layout's sensors and the line's length."""

    def __init__(
        self,
        sensors: Iterable[Sensor],
        sector_for: Callable[[float], Sector | None],
        length_m: float,
        settings: IngestSettings | None = None,
        locator: Locator | None = None,
    ) -> None:
        self.settings = settings or IngestSettings()
        self._sensors = {sensor.id: sensor for sensor in sensors}
        self._sector_for = sector_for
        self._length_m = length_m
        self._locator = locator
        self._limiter = RateLimiter(self.settings.rate_per_s, self.settings.burst)
        self._sensor_sectors: dict[str, str] = {}
        for sensor in self._sensors.values():
            sector = sector_for(sensor.chainage_m)
            if sector is not None:
                self._sensor_sectors[sensor.id] = sector.id

    def sensor(self, sensor_id: str) -> Sensor | None:
        return self._sensors.get(sensor_id)

    def accept(self, topic: str, payload: bytes, received_at: datetime) -> Accepted | Rejected:
        """Validate one message received at ``received_at`` (the node's clock). Never
        raises: a message that cannot be read for any reason is rejected with that reason,
        so one poison message cannot stop ingest (issue #13)."""
        try:
            return self._accept(topic, payload, received_at)
        except Refusal as refusal:
            return refusal.rejected
        except Exception as error:  # whatever it is, it becomes a dead letter
            return Rejected(DeadLetterReason.UNREADABLE, f"{type(error).__name__}: {error}"[:300])

    def _accept(self, topic: str, payload: bytes, received_at: datetime) -> Accepted:
        parsed_topic = parse_topic(topic)
        data = decode(payload)
        reading: Reading
        if parsed_topic.kind == "heartbeat":
            reading = parse_heartbeat(data)
        else:
            reading = parse_detection(data, self._locator)
        sensor = self._check_sensor(parsed_topic, reading.sensor_id)
        ahead_s = (reading.time - received_at).total_seconds()
        if ahead_s > self.settings.max_future_s:
            raise _refuse(
                DeadLetterReason.FUTURE_TIME,
                f"time: {ahead_s:.0f} s ahead of the node's clock "
                f"(at most {self.settings.max_future_s:.0f} s)",
            )
        behind_s = -ahead_s
        if behind_s > self.settings.max_age_s:
            # Even the first reading of an empty sector, which the correlator's lateness
            # window cannot judge (issue #13: a detection dated 2000-01-01 was taken).
            raise _refuse(
                DeadLetterReason.LATE,
                f"time: {behind_s:.0f} s behind the node's clock "
                f"(at most {self.settings.max_age_s:.0f} s)",
            )
        if not self._limiter.allow(sensor.id, received_at.timestamp()):
            raise _refuse(
                DeadLetterReason.RATE_LIMITED,
                f"sensor_id: {sensor.id} sends more than {self.settings.rate_per_s:g} "
                "messages a second",
            )
        if isinstance(reading, Heartbeat):
            return Accepted(reading, self._sensor_sectors[sensor.id])
        return Accepted(reading, self._place(reading).id)

    def _check_sensor(self, topic: Topic, sensor_id: str) -> Sensor:
        if sensor_id != topic.sensor_id:
            raise _refuse(
                DeadLetterReason.TOPIC_MISMATCH,
                f"sensor_id: {sensor_id!r} published on the topic of {topic.sensor_id!r}",
            )
        sensor = self._sensors.get(sensor_id)
        if sensor is None:
            raise _refuse(DeadLetterReason.UNKNOWN_SENSOR, f"sensor_id: no sensor {sensor_id!r}")
        if sensor.party != topic.party:
            raise _refuse(
                DeadLetterReason.TOPIC_MISMATCH,
                f"party: sensor {sensor.id} belongs to {sensor.party}, not {topic.party}",
            )
        return sensor

    def _place(self, detection: Detection) -> Sector:
        if not 0.0 <= detection.chainage_m <= self._length_m:
            raise _refuse(
                DeadLetterReason.OFF_BORDER,
                f"chainage_m: {detection.chainage_m:.0f} m is not on the line "
                f"(0 to {self._length_m:.0f} m)",
            )
        if abs(detection.offset_m) > self.settings.max_offset_m:
            raise _refuse(
                DeadLetterReason.OFF_BORDER,
                f"offset_m: {detection.offset_m:.0f} m from the line "
                f"(at most {self.settings.max_offset_m:.0f} m)",
            )
        sector = self._sector_for(detection.chainage_m)
        if sector is None:
            raise _refuse(
                DeadLetterReason.OUTSIDE_SECTORS,
                f"chainage_m: no sector contains {detection.chainage_m:.0f} m",
            )
        return sector


def _refuse(reason: DeadLetterReason, message: str) -> Refusal:
    return Refusal(Rejected(reason, message))
