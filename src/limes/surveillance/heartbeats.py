"""Sensor liveness: a sensor silent past its heartbeat interval raises a fault. Pure.

A sensor is heard by a heartbeat or a detection. One deadline per sensor sits in a heap
(stale entries are re-pushed when popped), so checking is O(log n) per due sensor, not a
scan of every sensor. A faulted sensor raises one fault alarm until it is heard again.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import UTC, datetime

from limes.errors import Invalid
from limes.surveillance.errors import UnknownSensor
from limes.surveillance.events import SensorRecovered
from limes.surveillance.model import Alarm, AlarmKind, Sector, Sensor, alarm_id


class HeartbeatWatch:
    """Deadlines of every registered sensor."""

    def __init__(self, after_intervals: float, sector_for: Callable[[float], Sector]) -> None:
        self._after_intervals = after_intervals
        self._sector_for = sector_for
        self._sensors: dict[str, Sensor] = {}
        self._sector_ids: dict[str, str] = {}
        self._heard_s: dict[str, float] = {}
        self._faulted: set[str] = set()
        self._deadlines: list[tuple[float, str]] = []

    def _allowance_s(self, sensor_id: str) -> float:
        return self._sensors[sensor_id].heartbeat_interval_s * self._after_intervals

    def register(self, sensor: Sensor, now_s: float) -> None:
        self._sector_ids[sensor.id] = self._sector_for(sensor.chainage_m).id
        known = sensor.id in self._sensors
        self._sensors[sensor.id] = sensor
        self._heard_s[sensor.id] = max(now_s, self._heard_s.get(sensor.id, now_s))
        if not known:
            heapq.heappush(self._deadlines, (now_s + self._allowance_s(sensor.id), sensor.id))

    def heard(self, sensor_id: str, time_at: datetime) -> SensorRecovered | None:
        """Note that ``sensor_id`` spoke at ``time_at``; unknown sensors are ignored here."""
        if sensor_id not in self._sensors:
            return None
        t_s = time_at.timestamp()
        self._heard_s[sensor_id] = max(self._heard_s[sensor_id], t_s)
        if sensor_id in self._faulted:
            self._faulted.discard(sensor_id)
            heapq.heappush(
                self._deadlines,
                (self._heard_s[sensor_id] + self._allowance_s(sensor_id), sensor_id),
            )
            return SensorRecovered(sensor_id=sensor_id, time=time_at)
        return None

    def beat(self, sensor_id: str, time_at: datetime) -> SensorRecovered | None:
        """A heartbeat; an unregistered sensor is :class:`UnknownSensor`."""
        if time_at.tzinfo is None:
            raise Invalid("must be a timezone-aware time", field="time")
        if sensor_id not in self._sensors:
            raise UnknownSensor(f"no sensor {sensor_id!r} is registered", field="sensor_id")
        return self.heard(sensor_id, time_at)

    def faults(self, now: datetime) -> list[Alarm]:
        """Fault alarms for sensors whose deadline has passed by ``now`` (each once)."""
        now_s = now.timestamp()
        alarms: list[Alarm] = []
        deadlines = self._deadlines
        while deadlines and deadlines[0][0] <= now_s:
            _, sensor_id = heapq.heappop(deadlines)
            actual_s = self._heard_s[sensor_id] + self._allowance_s(sensor_id)
            if actual_s > now_s:
                heapq.heappush(deadlines, (actual_s, sensor_id))
                continue
            self._faulted.add(sensor_id)
            alarms.append(self._fault(self._sensors[sensor_id], now))
        return alarms

    def _fault(self, sensor: Sensor, now: datetime) -> Alarm:
        heard = datetime.fromtimestamp(self._heard_s[sensor.id], tz=UTC)
        silent_s = now.timestamp() - self._heard_s[sensor.id]
        return Alarm(
            id=alarm_id("fault", sensor.id, heard.isoformat()),
            kind=AlarmKind.FAULT,
            sector_id=self._sector_ids[sensor.id],
            chainage_m=sensor.chainage_m,
            offset_m=sensor.offset_m,
            time=now,
            confidence=1.0,
            sensor_ids=(sensor.id,),
            reason=f"{sensor.kind.value} sensor {sensor.id} silent for {silent_s:.0f} s "
            f"(heartbeat every {sensor.heartbeat_interval_s:.0f} s); it may be cut",
        )
