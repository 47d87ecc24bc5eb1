"""Readings on the bus: compact JSON arrays, one bus message per batch of one sector. Pure.

A detection is ``["d", id, sensor_id, epoch_s, chainage_m, offset_m, signal, strength]``
and a heartbeat ``["h", sensor_id, epoch_s]``; times are UTC seconds since the epoch, so a
round trip keeps microseconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from limes.pipeline.messages import Heartbeat, Reading
from limes.surveillance.api import Detection, SignalKind

_SIGNALS = {kind.value: kind for kind in SignalKind}


def encode_readings(readings: Sequence[Reading]) -> bytes:
    rows: list[list[object]] = []
    for r in readings:
        if isinstance(r, Heartbeat):
            rows.append(["h", r.sensor_id, r.time.timestamp()])
        else:
            rows.append(
                [
                    "d",
                    r.id,
                    r.sensor_id,
                    r.time.timestamp(),
                    r.chainage_m,
                    r.offset_m,
                    r.signal_kind.value,
                    r.strength,
                ]
            )
    return json.dumps(rows, separators=(",", ":")).encode()


def decode_readings(data: bytes) -> list[Reading]:
    """The readings of :func:`encode_readings`; raises ValueError on anything else."""
    readings: list[Reading] = []
    for row in json.loads(data):
        if row[0] == "h":
            readings.append(Heartbeat(row[1], datetime.fromtimestamp(row[2], UTC)))
        elif row[0] == "d":
            readings.append(
                Detection(
                    row[1],
                    row[2],
                    datetime.fromtimestamp(row[3], UTC),
                    float(row[4]),
                    float(row[5]),
                    _SIGNALS[row[6]],
                    float(row[7]),
                )
            )
        else:
            raise ValueError(f"unknown reading kind {row[0]!r}")
    return readings
