"""``limes simulate cargo`` through the HTTP API: every truck filed, given a lane and, in
the red lane, examined; what the node found is the truth; the baseline profiles seeded for
the demo fire on the simulated trade (issue #15)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from helpers import PASSWORD, add_account
from limes.access.model import Role
from limes.cargo.baseline import BASELINE_PROFILES
from limes.cargo.http import cargo_uow, seed_baseline_profiles
from limes.container import Node
from limes.crossings.api import CrossingsUnitOfWork
from limes.crossings.model import CrossingPoint, Direction, Lane
from limes.simulate.cargo import simulate_cargo
from limes.simulate.crossings import Api


def test_simulated_trade_goes_through_the_api_and_agrees_with_the_truth(
    node: Node, client: TestClient
) -> None:
    with node.get(CrossingsUnitOfWork) as uow:
        for key in ("al-qaim-albu-kamal", "rabia-al-yarubiyah"):
            uow.crossings.add(CrossingPoint(key, key, key, lanes=(Lane(1, Direction.ENTRY),)))
        uow.commit()
    assert seed_baseline_profiles(node) == len(BASELINE_PROFILES)
    assert seed_baseline_profiles(node) == 0  # a restarted demo adds nothing twice
    add_account(node, "sim", Role.ADMINISTRATOR)
    api = Api("http://testserver", "sim", PASSWORD, http=client)
    run = simulate_cargo(api, days=4, seed=5, trucks_per_day=25)
    records = [json.loads(line) for line in run.lines]
    assert len(records) == sum(run.lanes.values()) > 60
    assert run.rejected == 0
    assert all(not r["found"] or r["loaded"] for r in records)  # nothing found that was not there
    assert run.caught == run.seizures == sum(r["found"] for r in records)
    with cargo_uow(node) as uow:
        stored = uow.declarations.recent(limit=1000)
        seizures = uow.seizures.recent()
    assert len(stored) == len(records) and len(seizures) == run.seizures
    fired = {p for d in stored if d.decision for p in d.decision.profiles}
    assert fired, "the baseline profiles fire on simulated trade"
