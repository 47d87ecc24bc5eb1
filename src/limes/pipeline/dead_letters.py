"""Rejected sensor messages and why: nothing is dropped silently. Pure.

Every message ingest does not take becomes a :class:`DeadLetter` with a stable
:class:`DeadLetterReason` (the ``reason_code``) and a human ``reason``; administrators count
them by reason and read the newest (docs/mqtt.md, "Dead letters").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class DeadLetterReason(StrEnum):
    """Why a message was rejected. Stable lowercase values: stored, counted and documented."""

    MALFORMED_JSON = "malformed_json"  # not UTF-8 JSON, or not an object
    UNSUPPORTED_VERSION = "unsupported_version"  # schema version other than 1
    INVALID_FIELD = "invalid_field"  # a field missing, of the wrong type or out of range
    TOPIC_MISMATCH = "topic_mismatch"  # the topic names another sensor or an unknown kind
    UNKNOWN_SENSOR = "unknown_sensor"  # no sensor with this id in the layout
    OFF_BORDER = "off_border"  # too far from the line, or past its ends
    FUTURE_TIME = "future_time"  # a timestamp too far ahead of the node's clock
    RATE_LIMITED = "rate_limited"  # a flood from one sensor
    LATE = "late"  # older than the correlator's lateness window
    OUTSIDE_SECTORS = "outside_sectors"  # a chainage no sector contains
    TOO_LARGE = "too_large"  # a payload over the size limit
    UNREADABLE = "unreadable"  # reading it failed in a way no other reason names


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One rejected message, its raw bytes kept as received."""

    id: int
    received_at: datetime
    topic: str
    reason_code: str
    reason: str
    raw: bytes


class DeadLetterRepository(Protocol):
    """The dead-letter store."""

    def add(
        self, raw: bytes, topic: str, reason_code: str, reason: str, received_at: datetime
    ) -> None:
        """Keep one rejected message with its reason."""
        ...

    def add_many(self, letters: Iterable[tuple[bytes, str, str, str, datetime]]) -> None:
        """Several ``(raw, topic, reason_code, reason, received_at)`` at once."""
        ...

    def list(self, limit: int = 100) -> list[DeadLetter]:
        """The newest ``limit`` dead letters, newest first (empty when none)."""
        ...

    def count_by_reason(self) -> dict[str, int]:
        """How many dead letters there are of each reason code (only codes seen)."""
        ...
