"""The safety mechanics of migrations (README: Migrations in production), in process
against the real server: the migration lock, the readiness check, one-line connection
faults. (Many replicas at once, SIGKILL and a blocked revision are proven with real
processes by the template's own test suite.)"""

import asyncio

import pytest
from alembic import command
from sqlalchemy import URL, Connection, text
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

from release_checks.databases import on_connection, run_on
from release_checks.project import ALEMBIC_INI

# Not the service: an older release's copy of these tests proves nothing about a newer
# schema, so make test-compat leaves them out.
pytestmark = pytest.mark.own_tree

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
    first_holds, first_is_done = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with migration_lock(engine, wait=5):
            first_holds.set()
            await asyncio.sleep(0.2)
            first_is_done.set()  # just before it lets go

    try:
        holder = asyncio.create_task(first())
        await first_holds.wait()  # not a sleep: on a busy machine, taking it takes longer
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


async def test_ready_at_head(empty_database: URL) -> None:
    # Migrated here, not a copy of the tests' database: make test-compat runs this test on
    # a newer release's schema (tests/conftest.py: TESTS_MIGRATED_DATABASE).
    await run_on(empty_database, lambda config: command.upgrade(config, "head"))
    assert await check_schema(empty_database, SCRIPT) == f"at head ({HEADS})"


@pytest.mark.skipif(not SCRIPT.get_heads(), reason="no revisions yet: empty is at head")
async def test_not_ready_when_behind(empty_database: URL) -> None:
    with pytest.raises(SchemaNotReadyError, match="behind: at no revision"):
        await check_schema(empty_database, SCRIPT)


async def test_not_ready_when_at_a_revision_it_cannot_prove(empty_database: URL) -> None:
    # A database migrated by a release made before alembic_lineage existed.
    engine = create_async_engine(empty_database, poolclass=NullPool)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE alembic_version (version_num text)"))
        await connection.execute(text("INSERT INTO alembic_version VALUES ('ffffffffffff')"))
    await engine.dispose()
    with pytest.raises(SchemaNotReadyError, match="at ffffffffffff, a revision this code does"):
        await check_schema(empty_database, SCRIPT)


def lineage_rows(connection: Connection) -> dict[str, str | None]:
    rows = connection.execute(text("SELECT revision, down_revision FROM alembic_lineage"))
    return {revision: down for revision, down in rows}


def drop_lineage(connection: Connection) -> None:
    connection.execute(text("DROP TABLE alembic_lineage"))
    connection.commit()


def script_lineage() -> dict[str, str | None]:
    return {
        revision.revision: revision.down_revision  # type: ignore[misc]  # one line: a str
        for revision in SCRIPT.walk_revisions()
    }


@pytest.mark.skipif(not SCRIPT.get_heads(), reason="no revisions yet: nothing to record")
async def test_each_applied_revision_is_recorded_with_its_parent_and_undone_with_it(
    empty_database: URL,
) -> None:
    await run_on(empty_database, lambda config: command.upgrade(config, "head"))
    assert await on_connection(empty_database, lineage_rows) == script_lineage()
    await run_on(empty_database, lambda config: command.downgrade(config, "-1"))
    undone = script_lineage()
    del undone[SCRIPT.get_current_head() or ""]
    assert await on_connection(empty_database, lineage_rows) == undone
    # A database migrated before the table existed gets it, with the ancestry it already
    # had, from its next upgrade.
    await on_connection(empty_database, drop_lineage)
    await run_on(empty_database, lambda config: command.upgrade(config, "head"))
    assert await on_connection(empty_database, lineage_rows) == script_lineage()


async def move_ahead(url: URL, rows: list[tuple[str, str | None]], at: str) -> None:
    """As a newer release (or another line's) would leave the database: at `at`, with
    `rows` recorded."""
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.begin() as connection:
        for revision, down in rows:
            await connection.execute(
                text("INSERT INTO alembic_lineage VALUES (:revision, :down)"),
                {"revision": revision, "down": down},
            )
        await connection.execute(text("UPDATE alembic_version SET version_num = :at"), {"at": at})
    await engine.dispose()


@pytest.mark.skipif(not SCRIPT.get_heads(), reason="no revisions yet: nothing to descend from")
async def test_ready_ahead_of_head_when_the_database_proves_it_descends(
    database_copy: URL,
) -> None:
    head = SCRIPT.get_current_head()
    await move_ahead(
        database_copy, [("aaaa00000001", head), ("aaaa00000002", "aaaa00000001")], "aaaa00000002"
    )
    assert await check_schema(database_copy, SCRIPT) == (
        f"ahead of head ({HEADS}): at aaaa00000002, which descends from it"
        " (a newer release migrated the database)"
    )


@pytest.mark.skipif(len(script_lineage()) < 2, reason="needs a revision before head")
async def test_not_ready_on_another_line(database_copy: URL) -> None:
    older = next(down for down in script_lineage().values() if down is not None)
    await move_ahead(database_copy, [("bbbb00000001", older)], "bbbb00000001")
    with pytest.raises(
        SchemaNotReadyError,
        match=f"another line: at bbbb00000001, which descends from {older}, not",
    ):
        await check_schema(database_copy, SCRIPT)


@pytest.mark.skipif(not SCRIPT.get_heads(), reason="no revisions yet: no lineage")
async def test_not_ready_when_the_lineage_does_not_reach_head(database_copy: URL) -> None:
    rows: list[tuple[str, str | None]] = [
        ("cccc00000002", "cccc00000001"),
        ("cccc00000003", "cccc00000002"),
        ("cccc00000001", "cccc00000003"),
    ]
    for at in ("cccc00000002", "dddd00000001"):  # a cycle, and no record at all
        await move_ahead(database_copy, rows if at.startswith("c") else [], at)
        with pytest.raises(
            SchemaNotReadyError,
            match=f"at {at}, a revision this code does not have, and alembic_lineage does not lead",
        ):
            await check_schema(database_copy, SCRIPT)


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
