"""The surveillance pipeline's counters as Prometheus metrics.

A collector reads :class:`~limes.pipeline.runtime.PipelineStats` when /metrics is scraped,
so the hot path only increments plain integers (no metric objects touched per detection).
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from limes.pipeline.runtime import PipelineStats


class PipelineCollector(Collector):
    """Exposes one runtime's stats as ``limes_pipeline_*_total`` counters."""

    def __init__(self, stats: PipelineStats) -> None:
        self._stats = stats

    def collect(self) -> Iterator[CounterMetricFamily]:
        s = self._stats
        for name, value, text in (
            ("received", s.received, "Sensor messages received by ingest."),
            ("accepted", s.accepted, "Detections accepted for correlation."),
            ("duplicates", s.duplicates, "Detections ignored as duplicates by id."),
            ("alarms", s.alarms, "Alarms raised."),
            ("nuisance_scored", s.nuisance_scored, "Tracks scored as nuisance."),
        ):
            yield CounterMetricFamily(f"limes_pipeline_{name}", text, value=value)
        letters = CounterMetricFamily(
            "limes_pipeline_dead_letters",
            "Messages kept as dead letters, by reason.",
            labels=["reason"],
        )
        for reason, count in sorted(s.dead_letters.items()):
            letters.add_metric([reason], count)
        yield letters
