"""Prometheus metrics of a node, on a registry of its own (nothing global at import)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    """The node's instruments. Contexts add theirs here, so /metrics shows them all."""

    def count_event(self, event: object) -> None:
        """Count one domain event (a handler on the node's event hub)."""
        self.domain_events.labels(type(event).__name__).inc()

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "limes_http_requests",
            "HTTP requests served, by route and status code.",
            ["route", "status"],
            registry=self.registry,
        )
        self.http_latency = Histogram(
            "limes_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["route"],
            registry=self.registry,
        )
        self.envelopes_refused_unsigned = Counter(
            "limes_exchange_envelopes_refused_unauthenticated",
            "Envelopes refused before any partner's signature was verified (nothing of them "
            "is stored), by code.",
            ["code"],
            registry=self.registry,
        )
        self.domain_events = Counter(
            "limes_domain_events",
            "Domain events published on the node's event hub, by event (AlarmRaised, "
            "ItemQueued, HouseholdRegistered ...).",
            ["event"],
            registry=self.registry,
        )
        self.sign_in_failures = Counter(
            "limes_sign_in_failures",
            "Failed sign-in attempts.",
            registry=self.registry,
        )
