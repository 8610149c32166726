"""The service engine behind a real PgBouncer in transaction pooling, under concurrent load.

Many clients share a few server connections there, one transaction at a time: statements
that asyncpg prepares under per-connection names collide with, or miss, those of other
clients. With `DATABASE_TRANSACTION_POOLER` the engine of `db/session.py` must return every
answer right, with no error; without it, the same load fails (the defect the setting cures).
"""

import asyncio
import importlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from support.clusters import free_port
from support.project import DEFAULT_SLUG, alembic

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
TASKS, TRANSACTIONS = 40, 25  # concurrent clients x transactions each
# Different statements with the same parameter and result types, each adding its own
# offset: one that ran under another's name would return that one's answer.
STATEMENTS = [
    ("SELECT CAST(:n AS integer)", 0),
    ("SELECT CAST(:n AS integer) + 100000", 100000),
    ("SELECT count(*)::integer + 200000 FROM generate_series(1, CAST(:n AS integer))", 200000),
    ("SELECT length(repeat('x', CAST(:n AS integer))) + 300000", 300000),
]
QUERIES = TASKS * sum(1 + transaction % 2 for transaction in range(TRANSACTIONS))


@contextmanager
def running_pgbouncer(generated: dict[str, ModuleType], pool_mode: str) -> Iterator[str]:
    """A PgBouncer on a loopback port in `pool_mode`, two server connections per database,
    in front of the PostgreSQL the tests use; the URL of that PostgreSQL's database through
    it (any database name is passed through)."""
    if not os.access(PGBOUNCER, os.X_OK):
        pytest.skip("no pgbouncer here (.ci/run installs Debian's package)")
    server = generated["settings"].load_settings().sqlalchemy_url
    home = tempfile.mkdtemp(prefix="pgbouncer_")
    port = free_port()
    password = server.password or ""
    with open(f"{home}/users.txt", "w") as users:
        users.write(f'"{server.username}" "{password}"\n')
    with open(f"{home}/pgbouncer.ini", "w") as ini:
        ini.write(
            "[databases]\n"
            f"* = host={server.host} port={server.port or 5432}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            # Clients are not asked for a password; PgBouncer logs in to the server with
            # the one in its users file.
            f"auth_type = trust\nauth_file = {home}/users.txt\n"
            f"pool_mode = {pool_mode}\ndefault_pool_size = 2\nmax_client_conn = 500\n"
            f"logfile = {home}/log\n"
        )
    # PgBouncer refuses to run as root: then it runs as the `postgres` system user (its own
    # `-u`, which also lets a SIGTERM reach it directly).
    as_owner = ["-u", "postgres"] if os.geteuid() == 0 else []
    if as_owner:
        for path in (home, f"{home}/users.txt", f"{home}/pgbouncer.ini"):
            shutil.chown(path, "postgres")
    process = subprocess.Popen(
        [PGBOUNCER, *as_owner, f"{home}/pgbouncer.ini"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, Path(home, "log").read_text()
                assert time.monotonic() < deadline, "pgbouncer did not start listening"
                time.sleep(0.05)
        yield server.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def pgbouncer(generated: dict[str, ModuleType]) -> Iterator[str]:
    """PgBouncer in transaction pooling (the load touches no table: no database of its own
    needed)."""
    with running_pgbouncer(generated, "transaction") as url:
        yield url


@dataclass
class Outcome:
    right: int = 0
    wrong: list[tuple[int, object]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def load(engine: AsyncEngine) -> Outcome:
    """TASKS clients at once, each running TRANSACTIONS transactions of one or two
    statements (every third in autocommit), each statement asked for a number no other one
    asks for."""
    outcome = Outcome()

    async def client(task: int) -> None:
        for transaction in range(TRANSACTIONS):
            numbers = [task * 100 + transaction * 2 + 1, task * 100 + transaction * 2 + 2]
            try:
                async with engine.connect() as connection:
                    if transaction % 3 == 2:  # statements outside a transaction, too
                        await connection.execution_options(isolation_level="AUTOCOMMIT")
                    for number in numbers[: 1 + transaction % 2]:
                        statement, offset = STATEMENTS[(task + number) % len(STATEMENTS)]
                        got = await connection.scalar(text(statement), {"n": number})
                        if got == number + offset:
                            outcome.right += 1
                        else:
                            outcome.wrong.append((number + offset, got))
                    await connection.commit()
            except Exception as error:  # every failure is counted
                outcome.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")

    await asyncio.gather(*(client(task) for task in range(TASKS)))
    return outcome


def run_load(generated: dict[str, ModuleType], url: str, *, pooler: bool) -> Outcome:
    settings = generated["settings"].Settings(database_url=url, database_transaction_pooler=pooler)
    session = importlib.import_module(f"{DEFAULT_SLUG}.db.session")

    async def main() -> Outcome:
        # The engine's pool (up to 15 client connections) over 2 server connections.
        engine = session.create_engine(settings)
        try:
            return await load(engine)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def test_every_answer_is_right_behind_a_transaction_pooler(
    generated: dict[str, ModuleType], pgbouncer: str
) -> None:
    outcome = run_load(generated, pgbouncer, pooler=True)
    assert outcome.errors == []
    assert outcome.wrong == []
    assert outcome.right == QUERIES


def test_without_the_setting_the_same_load_fails(
    generated: dict[str, ModuleType], pgbouncer: str
) -> None:
    outcome = run_load(generated, pgbouncer, pooler=False)
    assert outcome.errors or outcome.wrong, "the defect did not show: is PgBouncer pooling?"
    assert any("prepared statement" in error for error in outcome.errors), outcome.errors[:3]


def test_the_readiness_check_reads_through_the_pooler(
    generated: dict[str, ModuleType], default_project: Path, pgbouncer: str
) -> None:
    """`make check-db` with the setting: an answer about the schema, not a driver error."""
    readiness = importlib.import_module(f"{DEFAULT_SLUG}.db.readiness")
    script = readiness.load_script(default_project / "alembic.ini")
    with pytest.raises(readiness.SchemaNotReadyError):
        asyncio.run(readiness.check_schema(make_url(pgbouncer), script, transaction_pooler=True))


def test_migrations_run_through_a_session_pooler(
    generated: dict[str, ModuleType], default_project: Path, database_env: dict[str, str]
) -> None:
    """PgBouncer in session pooling gives a migration a session of its own, which is all it
    needs: its parameters are SET on that session, not sent at start-up, where PgBouncer
    refuses any it does not know (`client_connection_check_interval`)."""
    direct = make_url(database_env["DATABASE_URL"])
    with running_pgbouncer(generated, "session") as url:
        through = make_url(url).set(database=direct.database)
        env = {**database_env, "DATABASE_URL": through.render_as_string(hide_password=False)}
        migrated = alembic(default_project, "upgrade", "head", env=env)
        assert "Running upgrade" in migrated, migrated
        assert "(head)" in alembic(default_project, "current", env=env)
