"""Fixtures for tests against a real PostgreSQL.

The server comes from the service's own settings (POSTGRES_* or DATABASE_URL). The schema
is built once per test session by running the migrations (never `create_all`) into a
template database; tests then get either a transaction rolled back at their end
(`session`, nearly free) or a copy of the template (`database_copy`) when they must commit.
"""

from collections.abc import AsyncIterator

import pytest
from alembic import command
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.settings import Settings, load_settings

from migration_tools.alembic_api import run_on
from migration_tools.databases import throwaway_database


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
async def migrated_template(settings: Settings) -> AsyncIterator[URL]:
    """A database migrated to head, kept free of connections so it can be copied."""
    async with throwaway_database(settings.sqlalchemy_url) as url:
        await run_on(url, lambda config: command.upgrade(config, "head"))
        yield url


@pytest.fixture(scope="session")
async def engine(settings: Settings, migrated_template: URL) -> AsyncIterator[AsyncEngine]:
    async with throwaway_database(
        settings.sqlalchemy_url, template=migrated_template.database
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


@pytest.fixture
async def database_copy(settings: Settings, migrated_template: URL) -> AsyncIterator[URL]:
    """A private copy of the migrated database, for tests that need real commits."""
    async with throwaway_database(
        settings.sqlalchemy_url, template=migrated_template.database
    ) as url:
        yield url


@pytest.fixture
async def empty_database(settings: Settings) -> AsyncIterator[URL]:
    """A database with no schema at all, for tests that run migrations themselves."""
    async with throwaway_database(settings.sqlalchemy_url) as url:
        yield url


@pytest.fixture
async def committing_engine(database_copy: URL) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_copy, poolclass=NullPool)
    yield engine
    await engine.dispose()
