"""Migrations against a live database, with real processes (tests/test_migration_*.py,
test_production_guards.py, test_connection_settings.py): one bake without the examples and
a chain of three small revisions of ours, so each test knows exactly which locks each
revision takes; a new, empty database per test. Loaded by tests/conftest.py as a plugin,
for its fixtures."""

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

import support.revisions
from support.project import DEFAULT_SLUG, bake, run

LOCK_TIMEOUT = 0.2  # seconds: small, so the retries of a blocked revision take a moment
# Settings for every migration below: fast lock timeouts, the rest as shipped.
FAST = {"MIGRATION_LOCK_TIMEOUT": str(LOCK_TIMEOUT), "ENVIRONMENT": "development"}

# (revision, doc, upgrade, downgrade): the second one needs ACCESS EXCLUSIVE on `item`.
CHAIN = [
    (
        "aaaa00000001",
        "create item",
        'op.create_table("item", sa.Column("id", sa.Integer(), primary_key=True))',
        'op.drop_table("item")',
    ),
    (
        "aaaa00000002",
        "add item note",
        'op.add_column("item", sa.Column("note", sa.Text()))',
        'op.drop_column("item", "note")',
    ),
    (
        "aaaa00000003",
        "create tag",
        'op.create_table("tag", sa.Column("id", sa.Integer(), primary_key=True))',
        'op.drop_table("tag")',
    ),
]
FIRST, SECOND, HEAD = (rev for rev, *_ in CHAIN)


def write_revision(
    project: Path, rev: str, doc: str, upgrade: str, downgrade: str, down: str | None
) -> None:
    support.revisions.write_revision(project, rev, down, upgrade, downgrade, message=doc)


@pytest.fixture(scope="session")
def chained_project(cookies_session: Any) -> Path:
    """A bake without the examples, with the three revisions of CHAIN; only read."""
    project = bake(cookies_session, include_examples="no")
    down = None
    for rev, doc, upgrade, downgrade in CHAIN:
        write_revision(project, rev, doc, upgrade, downgrade, down)
        down = rev
    return project


@pytest.fixture
def own_project(chained_project: Path, tmp_path: Path) -> Path:
    """A private copy, for tests that change revisions."""
    return Path(shutil.copytree(chained_project, tmp_path / "project"))


@pytest.fixture
def env(database_env: dict[str, str]) -> dict[str, str]:
    """A new, empty database, with FAST settings."""
    return {**database_env, **FAST}


def conninfo(env: dict[str, str]) -> str:
    return env["DATABASE_URL"].replace("+asyncpg", "")


def alembic(
    project: Path, *arguments: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "alembic", *arguments, cwd=project, env=env, check=False)


def version(env: dict[str, str]) -> str | None:
    with psycopg.connect(conninfo(env)) as connection:
        exists = connection.execute("SELECT to_regclass('alembic_version')").fetchone()
        if exists is None or exists[0] is None:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])


def columns(env: dict[str, str], table: str) -> list[str]:
    with psycopg.connect(conninfo(env)) as connection:
        rows = connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " ORDER BY ordinal_position",
            (table,),
        ).fetchall()
    return [row[0] for row in rows]


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The whole output of a failed command, which must be a single line."""
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode != 0, lines
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


def wait_for(condition: Any, seconds: float) -> float:
    """Poll `condition()` until true; the seconds it took. Fails after `seconds`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, f"still waiting after {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - start


def check_db(project: Path, env: dict[str, str], *, make: bool = False) -> tuple[int, str]:
    """The readiness check's exit code and its output: `make check-db`, or the module."""
    if make:
        command: list[str | Path] = ["make", "check-db", f"PYTHON={sys.executable}"]
    else:
        command = [sys.executable, "-m", f"{DEFAULT_SLUG}.db.readiness"]
        env = {**env, "PYTHONPATH": str(project / "src")}
    result = run(*command, cwd=project, env=env, check=False)
    return result.returncode, result.stdout + result.stderr
