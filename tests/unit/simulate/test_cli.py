"""``limes simulate preview``: the world without a broker, its truth written as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from limes.cli.simulate import GROUP_NAME, app


def test_preview_counts_the_world_and_writes_its_truth(tmp_path: Path) -> None:
    truth = tmp_path / "truth.jsonl"
    result = CliRunner().invoke(
        app, ["preview", "--hours", "0.5", "--activity", "10", "--truth", str(truth)]
    )
    assert result.exit_code == 0, result.output
    assert "heartbeats" in result.output
    records = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]
    assert records
    assert {r["kind"] for r in records} >= {"crossing"}
    assert GROUP_NAME == "simulate"
