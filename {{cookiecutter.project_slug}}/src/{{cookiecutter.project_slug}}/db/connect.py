"""Connections for migrations and start-up checks, failing with one line that names the
server, database and user (never the password) instead of a driver's traceback."""

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.db.errors import OperatorError

# Seconds to wait for the server to answer at all: a firewalled host fails fast.
CONNECT_TIMEOUT = 10


class DatabaseUnavailableError(OperatorError):
    """The database cannot be reached or refuses the connection."""


def create_direct_engine(url: URL, server_settings: dict[str, str] | None = None) -> AsyncEngine:
    """An engine without a pool: each `connect()` is a session of its own, started with
    `server_settings` (PostgreSQL parameters; PgBouncer refuses unknown ones)."""
    connect_args: dict[str, object] = {"timeout": CONNECT_TIMEOUT}
    if server_settings:
        connect_args["server_settings"] = server_settings
    return create_async_engine(url, poolclass=NullPool, connect_args=connect_args)


def describe(url: URL) -> str:
    """Where `url` points, without its password."""
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return f'{where}, database "{url.database}", user "{url.username}"'


def _reason(error: Exception) -> str:
    if isinstance(error, DBAPIError):
        # The server's own words, such as `password authentication failed for user "x"`.
        return str(error.orig).splitlines()[0]
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
    except (OSError, DBAPIError) as error:
        message = f"cannot connect to PostgreSQL at {describe(engine.url)}: {_reason(error)}"
        raise DatabaseUnavailableError(message) from None
    try:
        yield connection
    finally:
        await connection.close()
