"""Fakes and message builders for the pipeline's unit tests."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from limes.pipeline.dead_letters import DeadLetter
from limes.pipeline.messages import detection_topic, heartbeat_topic
from limes.pipeline.ports import RawMessage
from limes.surveillance.layout import Layout, LayoutParameters, generate_layout
from limes.surveillance.model import Alarm, AlarmStatus, Detection

LENGTH_M = 100_000.0
PARAMETERS = LayoutParameters(
    wall_start_m=10_000.0, wall_length_m=50_000.0, fibre_length_m=20_000.0
)


def small_layout() -> Layout:
    """Four 25 km sectors; wall and towers from km 10 to km 60, fibre on km 10-30."""
    return generate_layout(LENGTH_M, PARAMETERS)


class InMemoryAlarms:
    def __init__(self) -> None:
        self.rows: dict[str, Alarm] = {}

    def get(self, alarm_id: str) -> Alarm | None:
        return self.rows.get(alarm_id)

    def put(self, alarm: Alarm) -> None:
        self.rows[alarm.id] = alarm

    def list(self, sector_id: str | None = None, status: AlarmStatus | None = None) -> list[Alarm]:
        return sorted(self.rows.values(), key=lambda a: a.time, reverse=True)


class InMemoryDetections:
    def __init__(self) -> None:
        self.rows: dict[str, list[Detection]] = {}

    def add(self, alarm_id: str, detections: Iterable[Detection]) -> None:
        self.rows.setdefault(alarm_id, []).extend(detections)

    def for_alarm(self, alarm_id: str) -> list[Detection]:
        return sorted(self.rows.get(alarm_id, []), key=lambda d: d.time)


class InMemoryDeadLetters:
    def __init__(self) -> None:
        self.rows: list[DeadLetter] = []

    def add(
        self, raw: bytes, topic: str, reason_code: str, reason: str, received_at: datetime
    ) -> None:
        self.rows.append(
            DeadLetter(len(self.rows) + 1, received_at, topic, reason_code, reason, raw)
        )

    def add_many(self, letters: Iterable[tuple[bytes, str, str, str, datetime]]) -> None:
        for letter in letters:
            self.add(*letter)

    def list(self, limit: int = 100) -> list[DeadLetter]:
        return list(reversed(self.rows))[:limit]

    def count_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.reason_code] = counts.get(row.reason_code, 0) + 1
        return counts


class InMemoryStore:
    """One shared store; each unit of work commits into it (no isolation needed here)."""

    def __init__(self) -> None:
        self.alarms = InMemoryAlarms()
        self.detections = InMemoryDetections()
        self.dead_letters = InMemoryDeadLetters()
        self.commits = 0

    def __call__(self) -> InMemoryStore:
        return self

    def __enter__(self) -> InMemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1


def stamp(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def detection_message(
    sensor_id: str,
    detection_id: str,
    at: datetime,
    chainage_m: float,
    offset_m: float,
    signal: str = "thermal",
    strength: float = 0.8,
    party: str = "IRQ",
    **extra: Any,
) -> RawMessage:
    payload = {
        "v": 1,
        "id": detection_id,
        "sensor_id": sensor_id,
        "time": stamp(at),
        "signal": signal,
        "strength": strength,
        "chainage_m": chainage_m,
        "offset_m": offset_m,
        **extra,
    }
    return RawMessage(detection_topic(party, sensor_id), json.dumps(payload).encode())


def heartbeat_message(sensor_id: str, at: datetime, party: str = "IRQ") -> RawMessage:
    payload = {"v": 1, "sensor_id": sensor_id, "time": stamp(at)}
    return RawMessage(heartbeat_topic(party, sensor_id), json.dumps(payload).encode())


def crossing(start: datetime, chainage_m: float = 20_500.0, prefix: str = "x") -> list[RawMessage]:
    """A person walking from Syria (offset -60 m) into Iraq (+60 m) over 60 s, seen by two
    thermal cameras every 5 s, cutting the fibre fence (at +50 m) on the way."""
    messages: list[RawMessage] = []
    for step in range(13):
        at = start + timedelta(seconds=5 * step)
        offset = -60.0 + 10.0 * step
        for camera in ("irq-t011-thermal", "irq-t010-thermal"):
            messages.append(
                detection_message(
                    camera, f"{prefix}-{camera}-{step}", at, chainage_m + step, offset
                )
            )
    fence_at = start + timedelta(seconds=55)
    messages.append(
        detection_message(
            "irq-fibre-1-ch011",
            f"{prefix}-fibre",
            fence_at,
            chainage_m + 10,
            50.0,
            "vibration",
            0.7,
        )
    )
    return messages
