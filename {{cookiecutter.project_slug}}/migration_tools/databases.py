"""Throwaway PostgreSQL databases for tests, made and dropped over a real connection."""

import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, TextClause, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

MAINTENANCE_DATABASE = "postgres"

# The name of a database, on the tests' server, that is already migrated (by another tree's
# migrations: `make test-compat` runs an older release's tests on this tree's schema). The
# tests copy it instead of migrating one with their own revisions, and never drop it.
MIGRATED_DATABASE = "TESTS_MIGRATED_DATABASE"

T = TypeVar("T")


async def on_connection(url: URL, work: Callable[[Connection], T]) -> T:
    """Run `work` on one synchronous connection to `url` (asyncpg, through run_sync)."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


async def on_server(url: URL, statement: TextClause, **parameters: object) -> list[tuple[Any, ...]]:
    """Run one statement on the maintenance database of `url`'s server, outside any
    transaction (CREATE/DROP DATABASE refuse to run inside one); its rows, if any."""
    engine = create_async_engine(
        url.set(database=MAINTENANCE_DATABASE), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as connection:
            result = await connection.execute(statement, parameters)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


def quote(identifier: str) -> str:
    """`identifier` quoted for SQL, as PostgreSQL reads it."""
    return '"' + identifier.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """`text` as an SQL string literal, as PostgreSQL's quote_literal() writes it."""
    return "'" + text.replace("'", "''") + "'"


async def create_database(url: URL, name: str, *, template: str | None = None) -> URL:
    """Create `name` on the server of `url` (as a copy of `template`, if given)."""

    copy = f" TEMPLATE {quote(template)}" if template is not None else ""
    await on_server(url, text(f"CREATE DATABASE {quote(name)}{copy}"))
    return url.set(database=name)


async def drop_database(url: URL) -> None:
    """Drop the database of `url`, closing whatever sessions are still connected to it."""
    name = url.database or ""
    await on_server(url, text(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)"))


def unique_name(prefix: str) -> str:
    # PostgreSQL truncates identifiers at 63 bytes; keep the random part intact.
    return f"{prefix[:40]}_{secrets.token_hex(6)}"


@asynccontextmanager
async def throwaway_database(url: URL, *, template: str | None = None) -> AsyncIterator[URL]:
    """A new database next to `url`'s, dropped on exit."""
    new_url = await create_database(url, unique_name(f"{url.database}_test"), template=template)
    try:
        yield new_url
    finally:
        await drop_database(new_url)
