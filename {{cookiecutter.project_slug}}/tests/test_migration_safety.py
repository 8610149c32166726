"""The safety mechanics of migrations (README: Migrations in production), in process
against the real server: the migration lock, the readiness check, one-line connection
faults. (Many replicas at once, SIGKILL and a blocked revision are proven with real
processes by the template's own test suite.)"""

import asyncio

import pytest
from sqlalchemy import URL, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.db.connect import (
    DatabaseUnavailableError,
    connect,
    create_direct_engine,
)
from {{ cookiecutter.project_slug }}.db.migration_lock import (
    MigrationLockLostError,
    MigratorBusyError,
    migration_lock,
)
from {{ cookiecutter.project_slug }}.db.migration_run import backoff
from {{ cookiecutter.project_slug }}.db.readiness import (
    SchemaNotReadyError,
    check_schema,
    load_script,
)
from {{ cookiecutter.project_slug }}.settings import Settings

from migration_tools.alembic_api import ALEMBIC_INI

SCRIPT = load_script(ALEMBIC_INI)
HEADS = ", ".join(sorted(SCRIPT.get_heads())) or "no revision"


async def test_a_second_migrator_waits_a_bounded_time(empty_database: URL) -> None:
    engine = create_direct_engine(empty_database)
    try:
        async with migration_lock(engine, wait=5):
            with pytest.raises(MigratorBusyError, match="MIGRATION_ADVISORY_LOCK_TIMEOUT"):
                async with migration_lock(engine, wait=0.1):
                    pass
    finally:
        await engine.dispose()


async def test_a_waiting_migrator_gets_the_lock_when_it_is_released(empty_database: URL) -> None:
    engine = create_direct_engine(empty_database)
    first_is_done = asyncio.Event()

    async def first() -> None:
        async with migration_lock(engine, wait=5):
            await asyncio.sleep(0.2)
            first_is_done.set()  # just before it lets go

    try:
        holder = asyncio.create_task(first())
        await asyncio.sleep(0.05)
        async with migration_lock(engine, wait=5):
            assert first_is_done.is_set()
        await holder
    finally:
        await engine.dispose()


async def test_a_lock_whose_session_ended_is_noticed(empty_database: URL) -> None:
    engine = create_direct_engine(empty_database)
    try:
        async with migration_lock(engine, wait=5) as lock:
            await lock.verify("revision a")
            async with connect(engine) as other:
                await other.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_locks"
                        " WHERE locktype = 'advisory' AND granted AND database ="
                        " (SELECT oid FROM pg_database WHERE datname = current_database())"
                    )
                )
            with pytest.raises(MigrationLockLostError, match="stopped before revision b"):
                await lock.verify("revision b")
    finally:
        await engine.dispose()


async def test_the_lock_session_outlasts_the_database_guards(empty_database: URL) -> None:
    """Guards shorter than the lock's idling and its wait neither end it nor cut the wait:
    the waiting one gives up at its own timeout, as MIGRATION_ADVISORY_LOCK_TIMEOUT says."""
    engine = create_direct_engine(empty_database)
    try:
        async with connect(engine) as admin:
            for guard in ("idle_session_timeout", "statement_timeout"):
                name = empty_database.database
                await admin.execute(text(f"ALTER DATABASE \"{name}\" SET {guard} = '100ms'"))
        async with migration_lock(engine, wait=5) as lock:
            await asyncio.sleep(0.3)
            await lock.verify("revision a")
            with pytest.raises(MigratorBusyError, match=r"after 0\.3 s"):
                async with migration_lock(engine, wait=0.3):
                    pass
    finally:
        await engine.dispose()


def test_backoff_doubles_from_the_lock_timeout_up_to_a_minute() -> None:
    assert [backoff(failures, 5) for failures in (1, 2, 3, 4, 5)] == [5, 10, 20, 40, 60]


async def test_ready_at_head(database_copy: URL) -> None:
    assert await check_schema(database_copy, SCRIPT) == f"at head ({HEADS})"


@pytest.mark.skipif(not SCRIPT.get_heads(), reason="no revisions yet: empty is at head")
async def test_not_ready_when_behind(empty_database: URL) -> None:
    with pytest.raises(SchemaNotReadyError, match="behind: at no revision"):
        await check_schema(empty_database, SCRIPT)


async def test_not_ready_when_ahead(empty_database: URL) -> None:
    engine = create_async_engine(empty_database, poolclass=NullPool)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE alembic_version (version_num text)"))
        await connection.execute(text("INSERT INTO alembic_version VALUES ('ffffffffffff')"))
    await engine.dispose()
    with pytest.raises(SchemaNotReadyError, match="ahead of this code: at ffffffffffff"):
        await check_schema(empty_database, SCRIPT)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"port": 1}, "connection refused"),
        ({"host": "no-such-host.invalid"}, "unknown host"),
        ({"database": "no_such_database"}, 'database "no_such_database" does not exist'),
    ],
)
async def test_connection_faults_are_one_line_without_the_password(
    settings: Settings, change: dict[str, object], reason: str
) -> None:
    # A server that checks passwords refuses a wrong one before it looks for the database:
    # where the server is reached, the settings' own password; elsewhere, a made-up one.
    reached = "database" in change
    password = settings.sqlalchemy_url.password if reached else "s3cret-p@ss"
    url = settings.sqlalchemy_url.set(password=password, **change)  # type: ignore[arg-type]
    engine = create_direct_engine(url)
    try:
        with pytest.raises(DatabaseUnavailableError) as error:
            async with connect(engine):
                pass
    finally:
        await engine.dispose()
    message = str(error.value)
    where = f'{url.host}:{url.port}, database "{url.database}", user "{url.username}"'
    assert message.startswith(f"cannot connect to PostgreSQL at {where}: ")
    assert reason in message
    assert "s3cret" not in message
    if reached:  # the place and the server's words, nothing else: no password
        assert message == f"cannot connect to PostgreSQL at {where}: {reason}"
    assert "\n" not in message
