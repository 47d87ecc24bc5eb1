"""A real node process and Debian's chromium driven by Playwright.

The node is started the way a user starts it (``limes demo``), on a free port, in a data
folder of its own; the browser is /usr/bin/chromium (installed by scripts/test_tools.sh),
never a browser download. Screenshots go to test-output/browser/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from browser_support import DemoNode

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).parents[2] / "test-output" / "browser"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def demo_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoNode]:
    data_dir = tmp_path_factory.mktemp("demo-node")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIMES_")}
    log = (data_dir / "node.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "limes", "demo", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"limes demo exited: {(data_dir / 'node.log').read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("limes demo did not answer /health within 90 s")
        username, password = (data_dir / "demo-credentials.txt").read_text().split()[:2]
        yield DemoNode(url=url, username=username, password=password, data_dir=data_dir)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


# Module scope, not session: Playwright's sync API keeps an event loop running in the main
# thread while it is started, which would break later tests that call asyncio.run().
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed at /usr/bin/chromium: run scripts/test_tools.sh")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
