"""Fixtures for tests against a real PostgreSQL.

The server comes from the service's own settings (POSTGRES_* or DATABASE_URL). The schema
is built once per test session by running the migrations (never `create_all`) into a
template database, from what the migration tests have proven; tests then get either a
transaction rolled back at their end (`session`, nearly free) or a copy of the template
(`database_copy`) when they must commit.
"""

import asyncio
import gc
import os
from collections.abc import AsyncIterator

import pytest
from alembic import command
from alembic.util import CommandError
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.settings import Settings, load_settings

from release_checks.databases import (
    MIGRATED_DATABASE,
    create_database,
    drop_database,
    run_on,
    throwaway_database,
    unique_name,
)
from release_checks.history import History
from release_checks.project import alembic_config
from release_checks.proofs import ProofStore, restore, usable_proofs

_NOTES = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--prove-all",
        action="store_true",
        help="walk the whole migration history, as if nothing had been proven before",
    )


@pytest.fixture(scope="session")
def notes(pytestconfig: pytest.Config) -> list[str]:
    """Lines for the end of the run's report (what the migration tests proved)."""
    return pytestconfig.stash.setdefault(_NOTES, [])


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    for line in config.stash.get(_NOTES, []):
        terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    # The interpreter's last garbage collection, at exit, walks every object the run
    # made (0.3 s of a 3 s `pytest -m migrations`); the run is over, so let it skip them.
    gc.freeze()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def loaded() -> History | str:
    """The history, loaded once for the session, or why it cannot be loaded: one line
    naming the file (the migration tests report it)."""
    try:
        return History.load(alembic_config())
    except CommandError as error:
        return str(error)


@pytest.fixture(scope="session")
async def proofs(settings: Settings, loaded: History | str) -> ProofStore | None:
    """The proofs of earlier runs (README: What the migration tests remember); none for a
    history that cannot be loaded."""
    if isinstance(loaded, str) or os.environ.get(MIGRATED_DATABASE):
        return None
    return await usable_proofs(settings.sqlalchemy_url, loaded)


@pytest.fixture(scope="session")
async def migrated_template(
    settings: Settings, proofs: ProofStore | None, notes: list[str]
) -> AsyncIterator[URL]:
    """A database migrated to head by `alembic upgrade head` through env.py, kept free of
    connections so it can be copied. It starts as a copy of the longest prefix of the
    history the migration tests have proven (README: What the migration tests remember),
    as a deploy starts from production's schema: only what follows is migrated. With
    TESTS_MIGRATED_DATABASE set (`make test-compat`), the database it names instead."""
    if name := os.environ.get(MIGRATED_DATABASE):
        notes.append(f"the tests' database: {name}, migrated elsewhere ({MIGRATED_DATABASE})")
        yield settings.sqlalchemy_url.set(database=name)
        return
    start = await restore(settings.sqlalchemy_url, proofs)
    notes.extend(start.dropped)
    try:
        await run_on(start.database, lambda config: command.upgrade(config, "head"))
        restored = start.proof.proven if start.proof else 0
        notes.append(f"the tests' database: {restored} revisions restored from a proof")
        yield start.database
    finally:
        await drop_database(start.database)


@pytest.fixture(scope="session")
async def engine(settings: Settings, migrated_template: URL) -> AsyncIterator[AsyncEngine]:
    async with throwaway_database(
        settings.sqlalchemy_url, "session", template=migrated_template.database
    ) as url:
        engine = create_async_engine(url)
        yield engine
        await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test; the test's own
    commits become savepoints."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield session
        finally:
            await session.close()
            await transaction.rollback()


@pytest.fixture(scope="session")
async def dropping() -> AsyncIterator[list[asyncio.Task[None]]]:
    """Databases being dropped behind the tests. DROP DATABASE waits for a checkpoint,
    which no test should wait for; the end of the session waits for all at once."""
    drops: list[asyncio.Task[None]] = []
    yield drops
    await asyncio.gather(*drops)


@pytest.fixture
async def database_copy(
    settings: Settings, migrated_template: URL, dropping: list[asyncio.Task[None]]
) -> AsyncIterator[URL]:
    """A private copy of the migrated database, for tests that need real commits."""
    server = settings.sqlalchemy_url
    url = await create_database(
        server, unique_name(server, "copy"), template=migrated_template.database
    )
    yield url
    dropping.append(asyncio.create_task(drop_database(url)))


@pytest.fixture
async def empty_database(settings: Settings) -> AsyncIterator[URL]:
    """A database with no schema at all, for tests that run migrations themselves."""
    async with throwaway_database(settings.sqlalchemy_url, "empty") as url:
        yield url


@pytest.fixture
async def committing_engine(database_copy: URL) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_copy, poolclass=NullPool)
    yield engine
    await engine.dispose()
