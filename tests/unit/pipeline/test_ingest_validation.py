"""Ingest validation: every rejected message has its reason; good ones get their sector."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from limes.pipeline.dead_letters import DeadLetterReason
from limes.pipeline.ingest import Accepted, Ingest, IngestSettings
from limes.pipeline.messages import Heartbeat, Rejected, detection_topic
from limes.pipeline.runtime import _SectorIndex
from unit.pipeline.pipeline_support import (
    LENGTH_M,
    detection_message,
    heartbeat_message,
    small_layout,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CAMERA = "irq-t011-thermal"


def make_ingest(**settings: float) -> Ingest:
    layout = small_layout()
    return Ingest(
        layout.sensors, _SectorIndex(layout.sectors), LENGTH_M, IngestSettings(**settings)
    )


def reason(result: Accepted | Rejected) -> str:
    assert isinstance(result, Rejected), result
    return result.reason_code.value


def good(**changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "v": 1,
        "id": "d-1",
        "sensor_id": CAMERA,
        "time": "2026-11-25T11:59:58Z",
        "signal": "thermal",
        "strength": 0.7,
        "chainage_m": 20_500.0,
        "offset_m": -12.0,
    }
    payload.update(changes)
    return {k: v for k, v in payload.items() if v is not None}


def offer(ingest: Ingest, payload: object, topic: str | None = None) -> Accepted | Rejected:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return ingest.accept(topic or detection_topic("IRQ", CAMERA), raw, NOW)


def test_a_good_detection_is_accepted_with_its_sector() -> None:
    result = offer(make_ingest(), good())
    assert isinstance(result, Accepted)
    assert result.sector_id == "sector-01"
    assert result.reading.time == datetime(2026, 11, 25, 11, 59, 58, tzinfo=UTC)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"{not json", "malformed_json"),
        (b"\xff\xfe\x00", "malformed_json"),
        (b"[1, 2]", "malformed_json"),
        (b"x" * 5000, "too_large"),
        (good(v=2), "unsupported_version"),
        (good(v=None), "unsupported_version"),
        (good(strength="high"), "invalid_field"),
        (good(strength=1.5), "invalid_field"),
        (good(strength=True), "invalid_field"),
        (good(chainage_m="20500"), "invalid_field"),
        (good(id=None), "invalid_field"),
        (good(id=""), "invalid_field"),
        (good(signal="smell"), "invalid_field"),
        (good(time="yesterday"), "invalid_field"),
        (good(time="2026-11-25T11:59:58"), "invalid_field"),
        (good(chainage_m=None, offset_m=None), "invalid_field"),
        (good(chainage_m=None, offset_m=None, lon=41.0, lat=34.4), "invalid_field"),
        (good(sensor_id="irq-t999-thermal"), "topic_mismatch"),
        (good(chainage_m=-5.0), "off_border"),
        (good(chainage_m=LENGTH_M + 1_000), "off_border"),
        (good(offset_m=25_000.0), "off_border"),
        (good(time="2026-11-25T12:05:00Z"), "future_time"),
    ],
)
def test_each_bad_message_is_rejected_with_its_reason(payload: object, expected: str) -> None:
    assert reason(offer(make_ingest(), payload)) == expected


def test_a_wrong_type_names_the_field() -> None:
    result = offer(make_ingest(), good(strength="high"))
    assert isinstance(result, Rejected)
    assert result.reason.startswith("strength:")


def test_an_unknown_sensor_is_rejected() -> None:
    topic = detection_topic("IRQ", "irq-t999-thermal")
    result = offer(make_ingest(), good(sensor_id="irq-t999-thermal"), topic)
    assert reason(result) == "unknown_sensor"


def test_a_sensor_publishing_under_the_other_party_is_rejected() -> None:
    result = offer(make_ingest(), good(), detection_topic("SYR", CAMERA))
    assert reason(result) == "topic_mismatch"


def test_a_topic_outside_the_schema_is_rejected() -> None:
    assert reason(offer(make_ingest(), good(), "sensors/irq-t011-thermal")) == "topic_mismatch"


def test_a_flood_from_one_sensor_is_rate_limited_but_others_pass() -> None:
    ingest = make_ingest(rate_per_s=1.0, burst=5.0)
    results = [offer(ingest, good(id=f"d-{n}")) for n in range(8)]
    assert [isinstance(r, Accepted) for r in results] == [True] * 5 + [False] * 3
    assert reason(results[-1]) == DeadLetterReason.RATE_LIMITED.value
    other = detection_message("irq-t012-thermal", "o-1", NOW, 21_500.0, 0.0)
    assert isinstance(ingest.accept(other.topic, other.payload, NOW), Accepted)
    later = NOW + timedelta(seconds=2)
    again = detection_message(CAMERA, "d-late", later, 20_500.0, 0.0)
    assert isinstance(ingest.accept(again.topic, again.payload, later), Accepted)


def test_a_heartbeat_of_a_known_sensor_is_accepted() -> None:
    message = heartbeat_message(CAMERA, NOW)
    result = make_ingest().accept(message.topic, message.payload, NOW)
    assert isinstance(result, Accepted)
    assert result.reading == Heartbeat(CAMERA, NOW)


def test_a_position_by_longitude_and_latitude_is_located_on_the_line() -> None:
    class Station:
        chainage_m = 20_600.0
        offset_m = 8.0

    class Locator:
        def locate(self, lon: float, lat: float) -> Station:
            return Station()

    layout = small_layout()
    ingest = Ingest(layout.sensors, _SectorIndex(layout.sectors), LENGTH_M, locator=Locator())
    result = offer(ingest, good(chainage_m=None, offset_m=None, lon=41.0, lat=34.4))
    assert isinstance(result, Accepted)
    assert (result.reading.chainage_m, result.reading.offset_m) == (20_600.0, 8.0)  # type: ignore[union-attr]
