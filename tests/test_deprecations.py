"""Evidence before a drop, for real: `make deprecations` of a baked project lists its
declared deprecations (schema and API) and reads who still names each deprecated column in
the pg_stat_statements of a throwaway cluster that preloads it, where a real client ran
statements naming the column and statements that do not; every way it cannot tell is one
line and exit 2; and the served app logs each use of a deprecated operation, parameter and
request field over real HTTP."""

import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from test_service import wait_for_the_group_to_exit, wait_until_up

from support.clusters import cluster_home, free_port, initdb, running
from support.project import bake, run, server_conninfo

USER_MODEL = "src/accounts_service/models/user.py"
LEGACY_ROUTER = """
from fastapi import APIRouter, Header, Query
from pydantic import BaseModel, Field

from accounts_service.api.deprecation import deprecation

router = APIRouter(prefix="/old")


class Part(BaseModel):
    old: str | None = Field(default=None, deprecated=True, json_schema_extra=deprecation("0.2"))
    new: str | None = None


class Order(BaseModel):
    name: str
    note: str | None = Field(default=None, deprecated=True, json_schema_extra=deprecation("0.2"))
    parts: list[Part] = []


@router.get(
    "/items/{item_id}",
    deprecated=True,
    openapi_extra=deprecation("0.2", on="2026-11-26", sunset="2027-05-31"),
)
async def read_item(item_id: int) -> dict[str, int]:
    return {"id": item_id}


@router.post("/orders")
async def create_order(
    order: Order,
    sort: str | None = Query(None, deprecated=True, json_schema_extra=deprecation("0.2")),
    x_old: str | None = Header(None, deprecated=True, json_schema_extra=deprecation("0.2")),
) -> dict[str, str]:
    return {"name": order.name}
"""


@pytest.fixture(scope="module")
def project(cookies_session: Any) -> Path:
    """A bake at 0.3.0 with `users.nickname` deprecated in 0.1 and unused, `users.legacy`
    deprecated in 0.2 and still used, and a deprecated operation, parameters and fields in
    its committed openapi.json."""
    path = bake(cookies_session)
    model = path / USER_MODEL
    source = model.read_text().replace(
        "    email: Mapped[str] = mapped_column(unique=True)\n",
        "    email: Mapped[str] = mapped_column(unique=True)\n"
        '    nickname: Unmapped[str | None] = unmapped_column(info=deprecated("0.1", used=False))\n'
        '    legacy: Mapped[str | None] = mapped_column(info=deprecated("0.2"))\n',
    )
    imports = "from sqlalchemy.orm import Unmapped, unmapped_column\n"
    model.write_text(f"{imports}from accounts_service.db.deprecation import deprecated\n{source}")
    pyproject = path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1.0"', 'version = "0.3.0"'))
    (path / "src/accounts_service/api/legacy.py").write_text(LEGACY_ROUTER)
    app = path / "src/accounts_service/api/app.py"
    app.write_text(
        app.read_text()
        .replace("import accounts, health, users", "import accounts, health, legacy, users")
        .replace(
            "    app.include_router(users.router)\n",
            "    app.include_router(users.router)\n    app.include_router(legacy.router)\n",
        )
    )
    run(sys.executable, "-m", "release_checks", "openapi", cwd=path)
    run(sys.executable, "-m", "release_checks", "release", cwd=path)  # 0.3.0 is cut
    return path


def deprecations(project: Path, url: str | None = None) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", "deprecations", f"PYTHON={sys.executable}"]
    return run(*command, *([f"url={url}"] if url else []), cwd=project, check=False)


@pytest.fixture(scope="module")
def cluster() -> Iterator[int]:
    """A throwaway cluster preloading pg_stat_statements, with database `app` holding
    `users` (nickname included) and `profile` (a nickname of its own); a `reporting`
    client has run statements naming users.nickname and statements that do not."""
    with cluster_home("statements_") as home:
        data = initdb(home, "--auth=trust")
        port = free_port()
        with running(home, data, port, "shared_preload_libraries=pg_stat_statements"):
            server = f"host=127.0.0.1 port={port} user=postgres"
            with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as admin:
                admin.execute("CREATE DATABASE app")
                admin.execute("CREATE ROLE reporting LOGIN")
                admin.execute("CREATE ROLE auditor LOGIN")
            with psycopg.connect(f"{server} dbname=app", autocommit=True) as app:
                app.execute("CREATE EXTENSION pg_stat_statements")
                app.execute(
                    "CREATE TABLE users (id int PRIMARY KEY, email text, nickname text, "
                    "legacy text); CREATE TABLE profile (id int, nickname text);"
                    "GRANT SELECT, INSERT, UPDATE ON users, profile TO reporting"
                )
            client = f"host=127.0.0.1 port={port} user=reporting dbname=app"
            with psycopg.connect(client, autocommit=True) as reporting:
                for statement, times in [
                    ("SELECT nickname FROM users WHERE id = 1", 3),
                    ('SELECT "users"."nickname" FROM "users" u2, public."users"', 1),
                    ("UPDATE users SET nickname = 'x' WHERE id = 2", 2),
                    ("SELECT p.nickname FROM profile p", 5),  # another table's column
                    ("SELECT nickname FROM profile WHERE id IN (SELECT id FROM users)", 4),
                    ("SELECT id, email FROM users", 6),
                    ("SELECT * FROM users WHERE id = 7", 1),
                ]:
                    for _ in range(times):
                        reporting.execute(statement)  # type: ignore[call-overload]
            yield port


def test_make_deprecations_lists_the_schemas_and_the_apis_deprecations(project: Path) -> None:
    listed = deprecations(project)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "schema deprecations (the models; releases_before_drop = 2):",
        "  users.nickname: deprecated in 0.1, no longer used; may be dropped now",
        '  users.legacy: deprecated in 0.2 but still used by this code; mark it deprecated("0.2", '
        "used=False), ship that release, then drop it from 0.4",
        "API deprecations (openapi.json; releases_before_drop = 2):",
        "  GET /old/items/{item_id}: deprecated in 0.2 on 2026-11-26, sunset 2027-05-31, may be "
        "removed from 0.4 (not yet: this is 0.3.0)",
        '      at = "paths./old/items/{item_id}.get"',
        "  parameter query.sort of POST /old/orders: deprecated in 0.2, may be removed from 0.4 "
        "(not yet: this is 0.3.0)",
        '      at = "paths./old/orders.post.parameters.query.sort"',
        "  parameter header.x-old of POST /old/orders: deprecated in 0.2, may be removed from "
        "0.4 (not yet: this is 0.3.0)",
        '      at = "paths./old/orders.post.parameters.header.x-old"',
        "  field Order.note: deprecated in 0.2, may be removed from 0.4 (not yet: this is 0.3.0)",
        '      at = "components.schemas.Order.properties.note"',
        "  field Part.old: deprecated in 0.2, may be removed from 0.4 (not yet: this is 0.3.0)",
        '      at = "components.schemas.Part.properties.old"',
    ]


def test_pg_stat_statements_shows_who_names_a_deprecated_column(
    project: Path, cluster: int
) -> None:
    found = deprecations(project, f"postgresql://postgres@127.0.0.1:{cluster}/app")
    assert found.returncode == 0, found.stderr
    header, *evidence = found.stdout.split("pg_stat_statements of ", 1)[1].splitlines()
    assert header.startswith(f'127.0.0.1:{cluster}, database "app", user "postgres" (')
    # Named plainly, quoted and qualified, by an UPDATE: 3 + 1 + 2 calls, as
    # pg_stat_statements keeps them. Not counted: profile's own nickname (alone, or beside a
    # subquery on users), statements naming other columns of users.
    assert evidence == [
        "  users.nickname: 3 statement(s), 6 call(s), by reporting, name it",
        "             3  reporting: SELECT nickname FROM users WHERE id = $1",
        "             2  reporting: UPDATE users SET nickname = $1 WHERE id = $2",
        '             1  reporting: SELECT "users"."nickname" FROM "users" u2, public."users"',
        "  users.nickname: 1 statement(s), 1 call(s), by reporting, read every column of users",
        "             1  reporting: SELECT * FROM users WHERE id = $1",
        "  users.legacy: 1 statement(s), 1 call(s), by reporting, read every column of users",
        "             1  reporting: SELECT * FROM users WHERE id = $1",
    ]
    assert not found.stderr
    # It read in a read-only transaction (and its session starts with
    # default_transaction_read_only, which SQLAlchemy's own first probe runs under).
    server = f"host=127.0.0.1 port={cluster} user=postgres dbname=app"
    with psycopg.connect(server, autocommit=True) as app:
        begun = app.execute("SELECT query FROM pg_stat_statements WHERE query ILIKE 'begin%'")
        assert ("BEGIN READ ONLY",) in begun.fetchall()


def test_a_user_who_may_not_read_other_users_statements_is_told(
    project: Path, cluster: int
) -> None:
    found = deprecations(project, f"postgresql://auditor@127.0.0.1:{cluster}/app")
    assert found.returncode == 0, found.stderr
    assert "users.nickname: no statement names it" in found.stdout
    assert "statements of other users are hidden from this user: grant it pg_read_all_stats" in (
        found.stdout
    )


@pytest.fixture
def extension_not_loaded() -> Iterator[str]:
    """A database on the shared server, which does not preload pg_stat_statements, where
    the extension is created all the same."""
    name = f"evidence_{os.getpid()}_{free_port()}"
    with psycopg.connect(server_conninfo(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[call-overload]
        try:
            with psycopg.connect(server_conninfo(name), autocommit=True) as database:
                database.execute("CREATE EXTENSION pg_stat_statements")
            yield name
        finally:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")  # type: ignore[call-overload]


def test_every_way_the_database_cannot_tell_is_one_line_and_exit_2(
    project: Path, cluster: int, extension_not_loaded: str
) -> None:
    shared = psycopg.conninfo.conninfo_to_dict(server_conninfo())
    host, port = shared.get("host", "127.0.0.1"), shared.get("port", "5432")
    cases = {
        f"postgresql://postgres@127.0.0.1:{cluster}/postgres": (
            'pg_stat_statements is not installed in 127.0.0.1:{cluster}, database "postgres"',
            "CREATE EXTENSION pg_stat_statements",
        ),
        f"postgresql://postgres@{host}:{port}/{extension_not_loaded}": (
            "pg_stat_statements is not loaded on",
            "add pg_stat_statements to shared_preload_libraries",
        ),
        f"postgresql://postgres:s3cr%40t@127.0.0.1:{free_port()}/app": (
            "cannot connect to PostgreSQL at 127.0.0.1:",
            "connection refused",
        ),
        f"postgresql://postgres@127.0.0.1:{cluster}/missing": ('database "missing"',),
        "mysql://root:s3cr3t@127.0.0.1/app": ("invalid database URL: not a PostgreSQL URL",),
        "not a url at all": ("invalid database URL",),
    }
    # The tool itself, not make (whose own "Error 2" line would follow), all at once.
    command = [sys.executable, "-m", "release_checks", "deprecations", "--url"]
    started = {
        url: subprocess.Popen(
            [*command, url], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for url in cases
    }
    for url, expected in cases.items():
        stdout, stderr = started[url].communicate(timeout=60)
        said = stderr.strip()
        assert started[url].returncode == 2, (url, stdout, said)
        assert said.startswith("cannot tell who reads the deprecated columns: "), said
        assert len(said.splitlines()) == 1, said
        for part in expected:
            assert part.format(cluster=cluster) in said, (url, said)
        assert "s3cr" not in said + stdout
        assert "Traceback" not in said
        assert stdout.startswith("schema deprecations")  # the listing came first


def test_the_served_app_logs_each_use_of_what_is_deprecated(project: Path, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            ["make", "run", f"PORT={port}", f"PYTHON={sys.executable}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            wait_until_up(server, base)
            for _ in range(2):
                with urllib.request.urlopen(f"{base}/old/items/3", timeout=10) as response:
                    assert response.headers["Deprecation"] == "@1795651200"
            order = b'{"name": "a", "note": "n", "parts": [{"old": "x"}, {"new": "y"}]}'
            for url, body in [
                (f"{base}/old/orders?sort=id", order),
                (f"{base}/old/orders", b'{"name": "b"}'),
            ]:
                request = urllib.request.Request(
                    url,
                    data=body,
                    headers={"Content-Type": "application/json", "X-Old": "1"}
                    if "sort" in url
                    else {"Content-Type": "application/json"},
                )
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.status == 200
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
            wait_for_the_group_to_exit(server.pid)
    uses = [line for line in log.read_text().splitlines() if "deprecated API use" in line]
    assert uses == [
        "deprecated API use: GET /old/items/{item_id} (deprecated in 0.2), 1 since start",
        "deprecated API use: GET /old/items/{item_id} (deprecated in 0.2), 2 since start",
        "deprecated API use: query parameter sort of POST /old/orders (deprecated in 0.2), "
        "1 since start",
        "deprecated API use: header parameter x-old of POST /old/orders (deprecated in 0.2), "
        "1 since start",
        "deprecated API use: body field note of POST /old/orders (deprecated in 0.2), "
        "1 since start",
        "deprecated API use: body field parts.old of POST /old/orders (deprecated in 0.2), "
        "1 since start",
    ]
