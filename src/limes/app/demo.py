"""What ``limes demo`` puts in a new node beyond the scenario's places: a crossing point for
each scenario crossing, the fictitious watchlists, a scaled synthetic registry, and the
customs analyst's baseline risk profiles. Each is
left alone when present, so a demo restarted on its data folder loads nothing twice."""

from __future__ import annotations

from limes.cargo.http import seed_baseline_profiles
from limes.container import Node
from limes.crossings.http import seed_crossing_points
from limes.registry.api import RegistryStore, load_demo_registry
from limes.registry.population import LoadedRegistry
from limes.screening.adapters_index import load_demo_watchlists

DEMO_REGISTRY_SCALE = 0.02
"""A 2 % synthetic registry loads in about half a second; the statistics page says it is
scaled."""


def seed_demo(node: Node) -> LoadedRegistry:
    """Seed ``node`` for the demo; returns what its registry holds."""
    seed_crossing_points(node)
    load_demo_watchlists(node)
    seed_baseline_profiles(node)
    return load_demo_registry(node.get(RegistryStore), node.clock, DEMO_REGISTRY_SCALE)
