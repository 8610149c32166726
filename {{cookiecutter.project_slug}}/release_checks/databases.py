"""PostgreSQL databases made and dropped over a real connection: the development database
the settings name (`make db-create`), and the tests' throwaway ones.

Every database the tests make is named after whose it is: `<owner>_test_<purpose>_<random>`
(the migration proofs: `<owner>_proof_...`, proofs/store.py), where the owner is the database
the settings name (`POSTGRES_DB`), or this project's package when that is the server's
maintenance database, so that on a shared server each name says which project left it.
"""

import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from alembic.config import Config
from sqlalchemy import URL, Connection, TextClause, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.db.connect import connect, create_direct_engine, describe, reason
from {{ cookiecutter.project_slug }}.db.errors import OperatorError

from release_checks.project import alembic_config
from release_checks.quoting import quote

MAINTENANCE_DATABASE = "postgres"
DUPLICATE_DATABASE = "42P04"  # SQLSTATE of CREATE DATABASE on a name that is taken

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


async def create_development_database(url: URL) -> str:
    """Create the database `url` names, connected to the server's maintenance database as
    `url`'s user, unless it exists already; one line saying which. A failure is
    `DatabaseUnavailableError` (cannot connect) or `OperatorError` (may not create), one
    line each, naming the server, database and user but never the password."""
    server = create_direct_engine(url.set(database=MAINTENANCE_DATABASE))
    engine = server.execution_options(isolation_level="AUTOCOMMIT")  # CREATE DATABASE's
    name = url.database or ""
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    try:
        async with connect(engine) as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if exists:
                return f'database "{name}" exists already at {where}: nothing to do'
            await connection.exec_driver_sql(f"CREATE DATABASE {quote(name)}")
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == DUPLICATE_DATABASE:  # made meanwhile
            return f'database "{name}" exists already at {where}: nothing to do'
        message = f"cannot create the database: {describe(url)}: {reason(error)}"
        raise OperatorError(message) from None
    finally:
        await server.dispose()
    return f'database "{name}" created at {where} (user "{url.username}")'


async def create_database(url: URL, name: str, *, template: str | None = None) -> URL:
    """Create `name` on the server of `url` (as a copy of `template`, if given)."""

    copy = f" TEMPLATE {quote(template)}" if template is not None else ""
    await on_server(url, text(f"CREATE DATABASE {quote(name)}{copy}"))
    return url.set(database=name)


async def drop_database(url: URL) -> None:
    """Drop the database of `url`, closing whatever sessions are still connected to it."""
    name = url.database or ""
    await on_server(url, text(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)"))


# PostgreSQL cuts names at 63 bytes; the owner is cut (at a character) to leave the rest.
MAX_NAME_BYTES = 63
PROJECT = "{{ cookiecutter.project_slug }}"


def owner(url: URL, room: int) -> str:
    """Whose databases these are (see the module's docstring), in at most `room` bytes."""
    name = url.database if url.database and url.database != MAINTENANCE_DATABASE else PROJECT
    return name.encode()[:room].decode(errors="ignore")


def unique_name(url: URL, purpose: str) -> str:
    """A new name for a test database next to `url`'s: `<owner>_test_<purpose>_<random>`.
    It is dropped when its test session ends (README: Tests)."""
    tail = f"_test_{purpose}_{secrets.token_hex(6)}"
    return owner(url, MAX_NAME_BYTES - len(tail.encode())) + tail


@asynccontextmanager
async def throwaway_database(
    url: URL, purpose: str, *, template: str | None = None
) -> AsyncIterator[URL]:
    """A new database next to `url`'s, dropped on exit."""
    new_url = await create_database(url, unique_name(url, purpose), template=template)
    try:
        yield new_url
    finally:
        await drop_database(new_url)


async def run_on(url: URL, command: Callable[[Config], T]) -> T:
    """Run the Alembic `command(config)` with env.py bound to a connection to `url`."""
    return await on_connection(url, lambda connection: command(alembic_config(connection)))
