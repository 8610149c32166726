"""One migrator at a time: a PostgreSQL advisory lock held for the whole run.

The lock is session-level and lives on a connection of its own, in autocommit: it is not
released by the commit of each revision's transaction, nor by a revision that steps out of
its transaction with `autocommit_block()` (CREATE INDEX CONCURRENTLY). If the migrating
process dies, PostgreSQL ends its session and the lock goes with it. If the session ends
while the process lives (an operator, a server guard, a lost network), the lock is gone and
another migrator may start: `HeldLock.verify()`, before each revision, stops this one.
"""

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from {{ cookiecutter.project_slug }}.db.connect import connect, sqlstate
from {{ cookiecutter.project_slug }}.db.errors import OperatorError
from {{ cookiecutter.project_slug }}.db.lineage import VERSION_TABLE
from {{ cookiecutter.project_slug }}.settings import milliseconds

log = logging.getLogger(__name__)

LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE of a lock_timeout
VERIFY_TIMEOUT = 10  # seconds for the lock's session to answer before the next revision

# The lock's session idles for the whole run. Guards that end idle sessions or long
# statements (set on the database or the role) must not end it; TCP keepalives keep
# firewalls from dropping it, and let the server notice a migrator host that vanished.
LOCK_SESSION_SETTINGS = {
    "idle_session_timeout": "0",
    "idle_in_transaction_session_timeout": "0",
    "statement_timeout": "0",
    "tcp_keepalives_idle": "30",
    "tcp_keepalives_interval": "10",
    "tcp_keepalives_count": "3",
}


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (advisory locks are per database already)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


# Named after the version table: the migrators of one history share it.
MIGRATION_LOCK_KEY = lock_key(VERSION_TABLE)


class MigratorBusyError(OperatorError):
    """Another migration held the lock for longer than we were willing to wait."""


class MigrationLockLostError(OperatorError):
    """The session that held the migration lock ended before the run did."""


def is_lock_timeout(error: BaseException) -> bool:
    return isinstance(error, DBAPIError) and sqlstate(error) == LOCK_NOT_AVAILABLE


class HeldLock:
    """The migration lock, held by the session of `driver` (the asyncpg connection)."""

    def __init__(self, driver: Any) -> None:
        self._driver = driver

    async def verify(self, before: str) -> None:
        """Stop (`MigrationLockLostError`) unless the lock's session is still there: a
        session-level lock lasts exactly as long as its session. One round trip before
        each revision, straight through the driver: through SQLAlchemy's execution it cost
        a fifth of a migration of small revisions."""
        try:
            await asyncio.wait_for(self._driver.fetchval("SELECT 1"), VERIFY_TIMEOUT)
        except Exception as error:  # whatever the driver says, the session cannot be trusted
            # The driver cannot say who ended it (pg_terminate_backend, idle_session_timeout,
            # a restart, the network): it only finds the connection closed.
            raise MigrationLockLostError(
                "the session holding the migration lock has ended (closed by the server or"
                " lost with the network), so another migration may be running: stopped"
                f" before {before}. The revisions before it are applied; run the migration"
                " again"
            ) from error


async def _set_all(connection: AsyncConnection, settings: dict[str, str]) -> None:
    # For this session only: the migration's own session shares the engine's start-up
    # parameters, and needs other values.
    calls = ", ".join(f"set_config('{name}', :{name}, false)" for name in settings)
    await connection.execute(text(f"SELECT {calls}"), settings)


@asynccontextmanager
async def migration_lock(engine: AsyncEngine, wait: float) -> AsyncIterator[HeldLock]:
    """Hold the migration lock for the body, waiting at most `wait` seconds for it."""
    async with connect(engine) as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await _set_all(connection, LOCK_SESSION_SETTINGS)
        taken = await connection.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
        )
        if not taken:
            log.warning("another migration is running; waiting up to %g s for it", wait)
            await connection.execute(text(f"SET lock_timeout = '{milliseconds(wait)}ms'"))
            try:
                await connection.execute(
                    text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            except DBAPIError as error:
                if not is_lock_timeout(error):
                    raise
                raise MigratorBusyError(
                    f"another migration still held the migration lock after {wait:g} s"
                    " (MIGRATION_ADVISORY_LOCK_TIMEOUT); nothing was migrated"
                ) from None
        # Released when this session ends, however the body ends: with NullPool, leaving
        # `connect()` closes the session.
        yield HeldLock((await connection.get_raw_connection()).driver_connection)
