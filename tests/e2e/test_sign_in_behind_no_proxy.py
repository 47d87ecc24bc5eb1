"""Sign-in on a node served for real (``limes serve``'s server, in its own process): with no
trusted proxy configured, X-Forwarded-For is not believed, so rotating it to spray
passwords is throttled like any other guessing from one address (issue #13), and the
answers carry no server banner."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from limes.cli.pair import PairSide, prepare_side, start_node, wait_until_up


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PairSide]:
    side = prepare_side(tmp_path_factory.mktemp("served") / "irq", "IRQ", free_port(), 1)
    process = start_node(side)
    try:
        wait_until_up(side, process)
        yield side
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_rotating_x_forwarded_for_does_not_escape_the_sign_in_throttle(served: PairSide) -> None:
    # Password spraying: one guess for each of many accounts, each from "another address".
    answers = []
    for n in range(33):
        answer = httpx.post(
            f"{served.url}/api/v1/auth/token",
            json={"username": f"officer{n}", "password": "Spring2026!"},
            headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
            timeout=10,
        )
        answers.append(answer.status_code)
    # LIMES_LOGIN_ADDRESS_FAILURES_PER_HOUR (30) failures from the one real address, then 429.
    assert answers[:30] == [401] * 30
    assert set(answers[30:]) == {429}, answers


def test_no_server_banner_is_sent(served: PairSide) -> None:
    answer = httpx.get(f"{served.url}/health", timeout=10)
    assert answer.status_code == 200
    assert "server" not in answer.headers


def test_every_answer_carries_the_security_headers(served: PairSide) -> None:
    for path in ("/login", "/health", "/api/v1/crossings"):
        headers = httpx.get(f"{served.url}{path}", timeout=10).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "strict-transport-security" not in headers  # plain HTTP: HSTS means nothing
