"""Adding a context is one folder and one line (issue #14).

A copy of ``src/limes`` gets a tiny context, ``notices`` (a notice board: a border officer
posts a notice, everyone signed in reads them), as one folder with the files every context
has, and one line in ``limes/contexts.py``. Nothing else in the copy is edited. Then, on
the copy: its table and migration are found (the schema upgrade creates the table), its
wiring puts its unit of work in the node's container, its routes, its page's link and its
command group appear, and the architecture's contracts hold for it as for the others.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[2]

NOTICES = {
    "__init__.py": '"""Notices: a board of short messages for the officers of a node."""\n',
    "errors.py": """
        from limes.errors import Invalid


        class NoticeInvalid(Invalid):
            code = "notice_invalid"
    """,
    "model.py": """
        from dataclasses import dataclass
        from datetime import datetime

        from limes.access.api import Role

        NOTICE_EDITOR = Role.declare("notice_editor")


        @dataclass(frozen=True)
        class Notice:
            notice_id: int | None
            text: str
            author: str
            posted_at: datetime
    """,
    "events.py": """
        from dataclasses import dataclass


        @dataclass(frozen=True)
        class NoticePosted:
            author: str
    """,
    "ports.py": """
        from typing import Protocol

        from limes.notices.model import Notice
        from limes.unit_of_work import UnitOfWork


        class NoticeBoard(Protocol):
            def add(self, notice: Notice) -> None: ...

            def all(self) -> list[Notice]: ...


        class NoticesUnitOfWork(UnitOfWork, Protocol):
            @property
            def board(self) -> NoticeBoard: ...
    """,
    "services.py": """
        from limes.clock import Clock
        from limes.notices.errors import NoticeInvalid
        from limes.notices.model import Notice
        from limes.notices.ports import NoticesUnitOfWork


        def post(uow: NoticesUnitOfWork, clock: Clock, *, text: str, author: str) -> Notice:
            if not text.strip():
                raise NoticeInvalid("a notice needs some text", field="text")
            notice = Notice(None, text.strip(), author, clock.now())
            with uow:
                uow.board.add(notice)
                uow.commit()
            return notice


        def board(uow: NoticesUnitOfWork) -> list[Notice]:
            with uow:
                return uow.board.all()
    """,
    "api.py": """
        from limes.notices.model import NOTICE_EDITOR, Notice

        __all__ = ["NOTICE_EDITOR", "Notice"]
    """,
    "tables.py": """
        from sqlalchemy import Column, Integer, String, Table, Text

        from limes.adapters.store.tables import metadata
        from limes.adapters.store.types import UtcDateTime

        notices = Table(
            "notices",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("text", Text, nullable=False),
            Column("author", String(40), nullable=False),
            Column("posted_at", UtcDateTime(), nullable=False),
        )
    """,
    "store.py": """
        from sqlalchemy import Connection, insert, select

        from limes.adapters.store.unit_of_work import TransactionScope
        from limes.notices.model import Notice
        from limes.notices.tables import notices


        class SqlAlchemyNoticeBoard:
            def __init__(self, connection: Connection) -> None:
                self._c = connection

            def add(self, notice: Notice) -> None:
                self._c.execute(
                    insert(notices).values(
                        text=notice.text, author=notice.author, posted_at=notice.posted_at
                    )
                )

            def all(self) -> list[Notice]:
                rows = self._c.execute(select(notices).order_by(notices.c.id)).all()
                return [Notice(r.id, r.text, r.author, r.posted_at) for r in rows]


        class SqlAlchemyNoticesUnitOfWork(TransactionScope):
            board: SqlAlchemyNoticeBoard

            def _attach(self, connection: Connection) -> None:
                self.board = SqlAlchemyNoticeBoard(connection)
    """,
    "migrations/notices_0001.py": """
        import sqlalchemy as sa
        from alembic import op

        revision = "notices_0001"
        down_revision = "0001"
        branch_labels = None
        depends_on = None


        def upgrade() -> None:
            op.create_table(
                "notices",
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("text", sa.Text, nullable=False),
                sa.Column("author", sa.String(40), nullable=False),
                sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
            )


        def downgrade() -> None:
            op.drop_table("notices")
    """,
    "wiring.py": """
        from limes.container import Node
        from limes.notices.ports import NoticesUnitOfWork
        from limes.notices.store import SqlAlchemyNoticesUnitOfWork


        def wire(node: Node) -> None:
            engine, clock = node.engine, node.clock
            node.provide(NoticesUnitOfWork, lambda: SqlAlchemyNoticesUnitOfWork(engine, clock))
    """,
    "http.py": """
        from typing import Annotated, Any

        from fastapi import APIRouter, Depends
        from pydantic import BaseModel

        from limes.access.api import User
        from limes.container import Node
        from limes.notices import services
        from limes.notices.model import NOTICE_EDITOR
        from limes.notices.ports import NoticesUnitOfWork
        from limes.web.security import CurrentUser, get_node, require

        router = APIRouter(prefix="/api/v1/notices", tags=["notices"])
        Officer = Annotated[User, Depends(require(NOTICE_EDITOR))]
        NodeDep = Annotated[Node, Depends(get_node)]


        class NoticeIn(BaseModel):
            text: str


        @router.post("", status_code=201)
        def post(body: NoticeIn, user: Officer, node: NodeDep) -> dict[str, Any]:
            notice = services.post(
                node.get(NoticesUnitOfWork), node.clock, text=body.text, author=user.username
            )
            return {"text": notice.text, "author": notice.author}


        @router.get("")
        def board(_user: CurrentUser, node: NodeDep) -> list[dict[str, Any]]:
            found = services.board(node.get(NoticesUnitOfWork))
            return [{"text": n.text, "author": n.author} for n in found]
    """,
    "pages.py": """
        from fastapi import APIRouter
        from fastapi.responses import HTMLResponse

        from limes.web.nav import NavItem

        router = APIRouter(include_in_schema=False)
        NAV = [NavItem("nav.notices", "/notices", order=90)]


        @router.get("/notices", response_class=HTMLResponse)
        def notices_page() -> str:
            return "<h1>Notices</h1>"
    """,
    "cli.py": """
        import typer

        from limes.cli.common import ConfigOption, DataDirOption, open_node, settings_from
        from limes.cli.output import console
        from limes.notices import services
        from limes.notices.ports import NoticesUnitOfWork

        GROUP_NAME = "notices"
        app = typer.Typer(help="The notice board.", no_args_is_help=True)


        @app.command("list")
        def list_command(config: ConfigOption = None, data_dir: DataDirOption = None) -> None:
            node = open_node(settings_from(config, data_dir), migrate=True)
            try:
                for notice in services.board(node.get(NoticesUnitOfWork)):
                    console.print(f"{notice.author}: {notice.text}")
            finally:
                node.close()
    """,
}

# What the copy's node must do with the new context, run with the copy on the path.
CHECK = """
import sys
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import limes
from limes.access import services as access
from limes.access.model import Role
from limes.adapters.store import schema
from limes.adapters.store.tables import all_tables
from limes.app.cli import app as cli
from limes.app.web import create_app
from limes.bootstrap import bootstrap
from limes.settings import load_settings

assert limes.__file__.startswith(sys.argv[1]), limes.__file__
data_dir = sys.argv[2]
settings = load_settings(data_dir=data_dir, party="IRQ")
node = bootstrap(settings)
reached = schema.upgrade(node.engine)
assert "notices_0001" in reached, reached
assert "notices" in all_tables()
assert schema.is_current(node.engine)
node.close()
# The context's own role, declared in its folder: the CLI knows it, the API asks for it.
added = CliRunner().invoke(
    cli, ["user", "add", "officer", "--role", "notice-editor", "--password-stdin",
          "--data-dir", data_dir], input="correct horse battery\\n",
)
assert added.exit_code == 0, added.output
assert "notice_editor" in [str(r) for r in Role.known()]
node = bootstrap(settings)
access.add_user(node.uow(), node.hasher, node.clock, actor="test", username="guard",
                password="correct horse battery", role=Role.BORDER_OFFICER, party="IRQ")
with TestClient(create_app(node)) as client:
    guard = client.post("/api/v1/auth/token", json={"username": "guard",
                        "password": "correct horse battery"}).json()["access_token"]
    refused = client.post("/api/v1/notices", json={"text": "x"},
                          headers={"Authorization": f"Bearer {guard}"})
    assert refused.status_code == 403, refused.text
    token = client.post("/api/v1/auth/token", json={"username": "officer",
                        "password": "correct horse battery"}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    posted = client.post("/api/v1/notices", json={"text": "Lane 3 closed"}, headers=auth)
    assert posted.status_code == 201, posted.text
    blank = client.post("/api/v1/notices", json={"text": "  "}, headers=auth)
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "notice_invalid"
    assert client.get("/api/v1/notices", headers=auth).json() == [
        {"text": "Lane 3 closed", "author": "officer"}
    ]
    assert "/notices" in [item.path for item in client.app.state.nav]
    spec = client.get("/openapi.json").json()
    assert "/api/v1/notices" in spec["paths"]
    assert "notice_editor" in spec["components"]["schemas"]["NewUser"]["properties"]["role"]["enum"]
node.close()
result = CliRunner().invoke(cli, ["notices", "list", "--data-dir", data_dir])
assert result.exit_code == 0, result.output
assert "officer: Lane 3 closed" in result.output, result.output
print("notices context works")
"""


def add_notices_context(src: Path) -> None:
    """The one folder, and the one line."""
    folder = src / "limes" / "notices"
    for name, text in NOTICES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = textwrap.dedent(text).strip() + "\n"
        path.write_text(f"from __future__ import annotations\n\n{body}", encoding="utf-8")
    contexts = src / "limes" / "contexts.py"
    text = contexts.read_text(encoding="utf-8")
    line = '    "limes.crossings",\n'
    assert text.count(line) == 1
    contexts.write_text(text.replace(line, line + '    "limes.notices",\n'), encoding="utf-8")


def test_a_context_is_one_folder_and_one_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tools", project / "tools")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    add_notices_context(project / "src")
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    env.pop("LIMES_DATABASE_URL", None)

    check = subprocess.run(
        [sys.executable, "-c", CHECK, str(project / "src"), str(tmp_path / "data")],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "notices context works" in check.stdout

    lint = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=project, env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "0 broken" in lint.stdout


def test_the_new_context_is_held_to_the_rules(tmp_path: Path) -> None:
    """Registered by that one line, the new context's routes may not build its store."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tools", project / "tools")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    add_notices_context(project / "src")
    http = project / "src" / "limes" / "notices" / "http.py"
    http.write_text(
        http.read_text(encoding="utf-8") + "\nfrom limes.notices import store\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(project / "src")}

    lint = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=project, env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert lint.returncode != 0
    assert "stores picked in wiring: limes.notices.http" in " ".join(lint.stdout.split())
