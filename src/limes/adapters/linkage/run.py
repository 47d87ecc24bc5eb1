"""The registry-wide linkage run: every record that stands for itself, through the Splink
model, its clusters queued for a supervisor's review (``limes registry dedup``)."""

from __future__ import annotations

from dataclasses import dataclass

from limes.adapters.linkage.features import features
from limes.adapters.linkage.splink_model import LinkageBackend, deduplicate
from limes.clock import Clock
from limes.registry import review
from limes.registry.api import RegistryStore
from limes.registry.duplicates import PersonSummary


@dataclass(frozen=True, slots=True)
class DedupReport:
    """What a run found: people compared, pairs above the threshold, clusters, and how
    many pairs were new to the review queue."""

    people: int
    pairs: int
    clusters: int
    queued: int


def dedup_registry(
    uow: RegistryStore,
    clock: Clock,
    *,
    db_api: LinkageBackend | None = None,
    threshold: float = 0.9,
) -> DedupReport:
    """Link the whole registry and queue each suspected pair, with its cluster, for review."""
    with uow:
        households = {h.household_id: h.location_key for h in uow.households.all()}
        rows = [
            features(PersonSummary.of(p, households.get(p.household_id, "")))
            for p in uow.individuals.all()
        ]
    if len(rows) < 2:
        return DedupReport(len(rows), 0, 0, 0)
    result = deduplicate(rows, db_api=db_api, threshold=threshold)
    pairs = [
        (
            first,
            second,
            probability,
            (f"Splink match probability {probability:.3f}",),
            result.clusters.get(first, ""),
        )
        for first, second, probability in result.pairs
    ]
    queued = review.suspect(uow, pairs, found_by=review.FoundBy.BULK, clock=clock)
    return DedupReport(len(rows), len(pairs), len(set(result.clusters.values())), queued)
