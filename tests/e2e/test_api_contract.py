"""The API keeps its own contract (issue #13, finding 6): schemathesis sends requests made
from the OpenAPI document to a live node, with a token of each role, and every answer must
be no server error, have a documented status code and match the documented schema.

The run is bounded: ``MAX_EXAMPLES`` examples an operation (about a minute for the whole API
on two cores). Left out, each with its reason:

* ``GET /api/v1/live/stream``: a server-sent event stream never ends (it is tested in
  ``test_operations_api.py``);
* ``POST /api/v1/auth/logout``: it would revoke the role tokens the run needs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import Failure, FailureGroup

from helpers import FakeClock, add_account, token_for
from limes.access.model import Role
from limes.adapters.passwords import Argon2PasswordHasher
from limes.adapters.store import schema as store_schema
from limes.bootstrap import Node, bootstrap
from limes.settings import load_settings
from limes.web.app import create_app

MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
ROLES = sorted(Role, key=lambda r: r.value)


@pytest.fixture(scope="module")
def contract_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    data = tmp_path_factory.mktemp("contract")
    settings_ = load_settings(
        data_dir=data / "data", secret_key="s" * 40, database_url=f"sqlite:///{data / 'l.db'}"
    )
    node = bootstrap(
        settings_,
        clock=FakeClock(),
        hasher=Argon2PasswordHasher(time_cost=1, memory_cost_kib=64),
    )
    store_schema.upgrade(node.engine)
    for role in ROLES:
        add_account(node, role.value.replace("_", "-"), role)
    yield node
    node.close()


@pytest.fixture(scope="module")
def tokens(contract_node: Node) -> dict[Role, str]:
    """A bearer token of each role, taken before the run (whose bad sign-ins are throttled)."""
    with TestClient(create_app(contract_node)) as client:
        return {role: token_for(client, role.value.replace("_", "-")) for role in ROLES}


@pytest.fixture(scope="module")
def api(contract_node: Node) -> schemathesis.BaseSchema:
    app = create_app(contract_node)
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    return loaded.exclude(path="/api/v1/live/stream").exclude(path="/api/v1/auth/logout")


def test_every_answer_keeps_the_contract(
    api: schemathesis.BaseSchema, tokens: dict[Role, str]
) -> None:
    # One test walking the operations, rather than schemathesis' pytest plugin (whose
    # from_fixture reads a private attribute pytest 9 no longer has): every finding is
    # listed at once, one line each.
    failures: list[str] = []
    for result in api.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(), role=st.sampled_from(ROLES))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
        )
        def call(case: schemathesis.Case, role: Role) -> None:
            headers = {"Authorization": f"Bearer {tokens[role]}"}
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except FailureGroup as found:
            failures.extend(f"{operation.label}: {one_line(e)}" for e in found.exceptions)
        except Failure as found:
            failures.append(f"{operation.label}: {one_line(found)}")
    assert not failures, f"{len(failures)} operations break the contract:\n" + "\n".join(failures)


def one_line(failure: BaseException) -> str:
    """A failure as one line: its title and the received status or message."""
    return " ".join(str(failure).split())[:300]


def test_the_run_covers_every_route_but_the_two_left_out(
    api: schemathesis.BaseSchema, contract_node: Node
) -> None:
    left_out = {"GET /api/v1/live/stream", "POST /api/v1/auth/logout"}
    documented = create_app(contract_node).openapi()["paths"]
    every = {f"{method.upper()} {path}" for path, ops in documented.items() for method in ops}
    run = {result.ok().label for result in api.get_all_operations()}
    assert run == every - left_out
