"""The entry point the migration tests use: a `Stepper` on a new connection to a
database, with the project's config, history and models."""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import URL, Connection, MetaData
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from migration_tools.alembic_api import alembic_config
from migration_tools.history import History
from migration_tools.stepper import Stepper

T = TypeVar("T")


async def on_connection(url: URL, work: Callable[[Connection], T]) -> T:
    """Run `work` on one synchronous connection to `url` (asyncpg, through run_sync)."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


async def with_stepper(
    url: URL, history: History, metadata: MetaData, work: Callable[[Stepper], T]
) -> T:
    """Run `work` with a `Stepper` on one connection to `url`."""
    return await on_connection(
        url, lambda connection: work(Stepper(connection, alembic_config(), history, metadata))
    )
