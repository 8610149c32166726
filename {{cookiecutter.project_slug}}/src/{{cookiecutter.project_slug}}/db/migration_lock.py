"""One migrator at a time: a PostgreSQL advisory lock held for the whole run.

The lock is session-level and lives on a connection of its own, in autocommit: it is not
released by the commit of each revision's transaction, nor by a revision that steps out of
its transaction with `autocommit_block()` (CREATE INDEX CONCURRENTLY). If the migrating
process dies, PostgreSQL ends its session and the lock goes with it.
"""

import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from {{ cookiecutter.project_slug }}.db.connect import connect
from {{ cookiecutter.project_slug }}.db.errors import OperatorError

log = logging.getLogger(__name__)

LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE of a lock_timeout


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (advisory locks are per database already)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


# Named after the version table: the migrators of one history share it.
MIGRATION_LOCK_KEY = lock_key("alembic_version")


class MigratorBusyError(OperatorError):
    """Another migration held the lock for longer than we were willing to wait."""


def is_lock_timeout(error: BaseException) -> bool:
    return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) == (
        LOCK_NOT_AVAILABLE
    )


@asynccontextmanager
async def migration_lock(engine: AsyncEngine, wait: float) -> AsyncIterator[None]:
    """Hold the migration lock for the body, waiting at most `wait` seconds for it."""
    async with connect(engine) as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        taken = await connection.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
        )
        if not taken:
            log.warning("another migration is running; waiting up to %g s for it", wait)
            await connection.execute(text(f"SET lock_timeout = '{round(wait * 1000)}ms'"))
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
        yield
