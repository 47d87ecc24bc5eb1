"""The pipeline's counters reach /metrics as Prometheus counters."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest

from limes.pipeline.adapters_metrics import PipelineCollector
from limes.pipeline.runtime import PipelineStats


def test_the_counters_are_read_at_scrape_time_with_dead_letters_by_reason() -> None:
    stats = PipelineStats()
    registry = CollectorRegistry()
    registry.register(PipelineCollector(stats))
    stats.received = 12
    stats.alarms = 2
    stats.dead_letters["unknown_sensor"] += 3
    text = generate_latest(registry).decode()
    assert "limes_pipeline_received_total 12.0" in text
    assert "limes_pipeline_alarms_total 2.0" in text
    assert 'limes_pipeline_dead_letters_total{reason="unknown_sensor"} 3.0' in text
