"""The ``limes`` command as a user runs it: a real process, real output, real exit codes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from limes.adapters.store.engine import make_engine

ROOT = Path(__file__).parents[2]


def limes(
    *args: str, data_dir: Path | None = None, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LIMES_")}
    environment.update(env)
    if data_dir is not None:
        environment["LIMES_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "limes", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=environment,
        timeout=120,
        check=False,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_version_and_help() -> None:
    assert limes("--version").stdout.startswith("limes ")
    helped = limes("--help")
    assert helped.returncode == 0
    for command in ("demo", "serve", "db", "scenario", "user"):
        assert command in helped.stdout
    assert limes("user", "add", "--help").returncode == 0


def test_a_bad_setting_is_one_line_naming_it(tmp_path: Path) -> None:
    result = limes("db", "upgrade", data_dir=tmp_path, LIMES_PARTY="Iraq")
    assert_one_clear_line(result, "LIMES_PARTY", "ISO 3166")


def test_an_unusable_data_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = limes("db", "upgrade", data_dir=blocker / "inside")
    assert_one_clear_line(result, "data folder", "--data-dir")


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_a_port_in_use_is_one_line(tmp_path: Path, busy_port: int) -> None:
    result = limes("demo", "--port", str(busy_port), data_dir=tmp_path)
    assert_one_clear_line(result, str(busy_port), "--port")


def test_a_database_from_a_newer_limes_is_one_line(tmp_path: Path) -> None:
    assert limes("db", "upgrade", data_dir=tmp_path).returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'limes.db'}")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('abc123newer')"))
    engine.dispose()
    assert_one_clear_line(limes("db", "upgrade", data_dir=tmp_path), "newer version")


def test_an_unknown_role_is_one_line_listing_the_roles(tmp_path: Path) -> None:
    result = limes("user", "add", "amal", "--role", "sheriff", data_dir=tmp_path)
    assert_one_clear_line(result, "sheriff", "border_officer")


def test_user_add_reads_a_piped_password_and_does_not_echo_it(tmp_path: Path) -> None:
    secret = "a long secret phrase"
    result = limes(
        "user",
        "add",
        "amal",
        "--role",
        "border-officer",
        "--password-stdin",
        data_dir=tmp_path,
        stdin=f"{secret}\n",
    )
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout
    assert "account amal created: border_officer of IRQ" in result.stdout
    listed = limes("user", "list", data_dir=tmp_path)
    assert "amal" in listed.stdout


def test_a_short_password_is_refused_naming_the_field(tmp_path: Path) -> None:
    result = limes(
        "user",
        "add",
        "amal",
        "--role",
        "analyst",
        "--password-stdin",
        data_dir=tmp_path,
        stdin="short\n",
    )
    assert_one_clear_line(result, "password", "10 characters")


def test_without_a_terminal_or_a_piped_password_user_add_says_how(tmp_path: Path) -> None:
    result = limes("user", "add", "amal", "--role", "analyst", data_dir=tmp_path)
    assert_one_clear_line(result, "--password-stdin")


def test_an_unknown_command_is_one_line() -> None:
    assert_one_clear_line(limes("fly"), "fly")


def test_audit_verify_catches_entries_cut_off_after_a_checkpoint(tmp_path: Path) -> None:
    assert limes("db", "upgrade", data_dir=tmp_path).returncode == 0
    assert limes("keys", "init", data_dir=tmp_path).returncode == 0
    for name in ("amal", "omar", "huda"):
        added = limes(
            "user", "add", name, "--role", "analyst", "--password-stdin",
            data_dir=tmp_path, stdin="correct horse battery\n",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    partner_copy = tmp_path / "for-the-partner.jsonl"
    made = limes("audit", "checkpoint", "--out", str(partner_copy), data_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "1 checkpoint(s) agree" in limes("audit", "verify", data_dir=tmp_path).stdout
    engine = make_engine(f"sqlite:///{tmp_path / 'limes.db'}")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE sequence = (SELECT max(sequence) "
                                "FROM audit_log)"))  # fmt: skip
    engine.dispose()
    cut = limes("audit", "verify", "--checkpoints", str(partner_copy), data_dir=tmp_path)
    assert cut.returncode == 2
    assert_one_clear_line(cut, "broken", "anchored entry")
    refused = limes("audit", "checkpoint", data_dir=tmp_path)
    assert_one_clear_line(refused, "breaks")
