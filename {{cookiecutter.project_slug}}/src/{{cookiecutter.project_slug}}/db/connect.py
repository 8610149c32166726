"""Connections for migrations and start-up checks, failing with one line that names the
server, database and user (never the password) instead of a driver's traceback."""

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy import URL, event
from sqlalchemy.engine.interfaces import AdaptedConnection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.db.errors import OperatorError

# Seconds to wait for the server to answer at all: a firewalled host fails fast.
CONNECT_TIMEOUT = 10


class DatabaseUnavailableError(OperatorError):
    """The database cannot be reached or refuses the connection."""


class DatabaseMissingError(DatabaseUnavailableError):
    """The server answers, but has no database of that name."""


INVALID_CATALOG_NAME = "3D000"  # SQLSTATE: no database of that name

# The driver's own errors, which SQLAlchemy leaves unwrapped when they happen while it sets
# up a new connection (a server that ends the session right after the handshake makes
# asyncpg say `connection is closed`): a failure to connect, as an OSError is.
DRIVER_ERRORS = (asyncpg.InterfaceError, asyncpg.PostgresError)
# What connecting raises when the database cannot be reached or refuses the connection.
CONNECT_ERRORS = (OSError, DBAPIError, *DRIVER_ERRORS)


def driver_arguments(*, transaction_pooler: bool) -> dict[str, object]:
    """asyncpg's arguments for a connection that does (or does not) go through a pooler in
    transaction mode (`DATABASE_TRANSACTION_POOLER`, PgBouncer's `pool_mode = transaction`).

    There a client's next transaction may run on another server connection, shared with
    other clients, where a statement prepared under asyncpg's per-connection name
    (`__asyncpg_stmt_1__`) is missing or is another client's statement. So: no caches, and
    the unnamed statement, parsed anew with each execution and replaced by the next one.
    (Unique names, the usual advice, still fail outside a transaction, where the prepare
    and the execute may reach different server connections, and leave their statements
    behind on the server.)"""
    if not transaction_pooler:
        return {}
    return {
        "statement_cache_size": 0,  # asyncpg's cache
        "prepared_statement_cache_size": 0,  # SQLAlchemy's cache
        "prepared_statement_name_func": lambda: "",  # "" is the unnamed statement
    }


def create_direct_engine(
    url: URL, server_settings: dict[str, str] | None = None, *, transaction_pooler: bool = False
) -> AsyncEngine:
    """An engine without a pool: each `connect()` is a session of its own, on which
    `server_settings` (PostgreSQL parameters) are SET as soon as it is made. Not sent as
    start-up parameters: PgBouncer, even in session pooling, refuses those it does not
    know (`unsupported startup parameter: client_connection_check_interval`)."""
    connect_args: dict[str, object] = {
        "timeout": CONNECT_TIMEOUT,
        **driver_arguments(transaction_pooler=transaction_pooler),
    }
    engine = create_async_engine(url, poolclass=NullPool, connect_args=connect_args)
    if server_settings:
        statements = "".join(
            f"SET {name} = '{value.replace(chr(39), chr(39) * 2)}';"
            for name, value in server_settings.items()
        )

        @event.listens_for(engine.sync_engine, "connect")
        def set_parameters(connection: AdaptedConnection, record: object) -> None:
            # Outside any transaction (asyncpg's own connection), so that they stay set.
            connection.run_async(lambda driver: driver.execute(statements))

    return engine


def describe(url: URL) -> str:
    """Where `url` points, without its password."""
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return f'{where}, database "{url.database}", user "{url.username}"'


def sqlstate(error: Exception) -> str:
    """PostgreSQL's SQLSTATE for `error`, wrapped by SQLAlchemy or not; "" if none."""
    driver = error.orig if isinstance(error, DBAPIError) else error
    return getattr(driver, "sqlstate", None) or ""


def reason(error: Exception) -> str:
    """Why `error` happened, in one line: the server's own words where it spoke, such as
    `password authentication failed for user "x"`."""
    if isinstance(error, DBAPIError):
        return (str(error.orig).splitlines() or ["the connection was closed"])[0]
    if isinstance(error, socket.gaierror):
        return "unknown host"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (is PostgreSQL listening on that port?)"
    if isinstance(error, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT} s"
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


@asynccontextmanager
async def connect(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """`engine.connect()`, with a failure to connect raised as `DatabaseUnavailableError`."""
    try:
        connection = await engine.connect()
    except CONNECT_ERRORS as error:
        message = f"cannot connect to PostgreSQL at {describe(engine.url)}: {reason(error)}"
        missing = sqlstate(error) == INVALID_CATALOG_NAME
        raise (DatabaseMissingError if missing else DatabaseUnavailableError)(message) from None
    try:
        yield connection
    finally:
        await connection.close()
