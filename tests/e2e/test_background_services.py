"""Background services start with the application and stop with it, in reverse order."""

from __future__ import annotations

from fastapi.testclient import TestClient

from limes.app.web import create_app
from limes.container import Node


class RecordingService:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    async def start(self) -> None:
        self.log.append(f"start {self.name}")

    async def stop(self) -> None:
        self.log.append(f"stop {self.name}")


def test_services_start_before_serving_and_stop_in_reverse(node: Node) -> None:
    log: list[str] = []
    node.background.extend([RecordingService("mqtt", log), RecordingService("partner", log)])
    with TestClient(create_app(node)) as client:
        assert client.get("/health").status_code == 200
        assert log == ["start mqtt", "start partner"]
    assert log == ["start mqtt", "start partner", "stop partner", "stop mqtt"]
