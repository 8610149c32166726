"""The engine and the session factories the service uses.

Both are made on first use, not at import: importing the models (as Alembic and the tests
do) must not need valid database settings.
"""

import asyncio
from functools import cache
from types import TracebackType

from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from {{ cookiecutter.project_slug }}.db.connect import driver_arguments
from {{ cookiecutter.project_slug }}.settings import Settings, get_settings

# A pooled connection older than this is replaced at its next checkout, so that none
# outlives a server-side idle timeout, a pooler's or a firewall's for long.
POOL_RECYCLE = 600


def create_engine(settings: Settings) -> AsyncEngine:
    """A pooled engine of `DATABASE_POOL_SIZE` connections, no more: a checkout waits up to
    `DATABASE_POOL_TIMEOUT` seconds for one to come free (then `sqlalchemy.exc.TimeoutError`)
    or to be made. Requests wait their turn in a `ConnectionQueue` first, which is fair
    where the pool is not.

    No ping before each checkout (`pool_pre_ping`): it costs a round trip per request, as
    much as the request's own query. A connection the server dropped fails its request
    instead (503, see api/errors.py), and that failure marks every connection of the pool
    made before it stale, so the ones the next requests take are new. Behind PgBouncer in
    transaction mode (`DATABASE_TRANSACTION_POOLER`) it prepares no statement another
    client could collide with."""
    return create_async_engine(
        settings.sqlalchemy_url,
        pool_size=settings.database_pool_size,
        max_overflow=0,
        pool_timeout=settings.database_pool_timeout,
        pool_recycle=POOL_RECYCLE,
        connect_args={
            # A new connection is given as long as a free one: an unreachable server
            # fails the request after this long, not after asyncpg's minute.
            "timeout": settings.database_pool_timeout,
            **driver_arguments(transaction_pooler=settings.database_transaction_pooler),
        },
    )


class ConnectionQueue:
    """Requests wait here for one of the pool's connections, first come, first served:
    `async with queue:` around a session's life (api/dependencies.py).

    SQLAlchemy's async pool is not fair. A connection given back wakes its longest waiter,
    but a request that asks before that waiter runs takes the connection (the pool's
    `asyncio.Queue` hands it to whoever calls first), and the waiter queues again at the
    back. Under load most requests wait little and a few wait up to
    `DATABASE_POOL_TIMEOUT`: at 64 clients on a pool of 10, a p99 twenty or more times the
    p50. `asyncio.Semaphore` hands a slot given back to its first waiter, and a newcomer
    queues behind the waiters; with one slot per pooled connection, a request holding a slot
    finds a connection free in the pool (unless code outside the queue holds some)."""

    def __init__(self, size: int, timeout: float) -> None:
        self._slots = asyncio.Semaphore(size)
        self._timeout = timeout

    async def __aenter__(self) -> None:
        if not self._slots.locked():  # a slot free and nobody before us: no timer to set
            await self._slots.acquire()
            return
        try:
            async with asyncio.timeout(self._timeout):
                await self._slots.acquire()
        except TimeoutError:
            # The pool's own error for the same wait: answered 503 (api/errors.py).
            raise PoolTimeoutError(
                f"no connection came free in {self._timeout} s (DATABASE_POOL_TIMEOUT)"
            ) from None

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._slots.release()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: an expired attribute would need a lazy load,
    # which an async session cannot do implicitly.
    return async_sessionmaker(engine, expire_on_commit=False)


def create_read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that only read: each statement runs on its own, with no BEGIN before it
    and no ROLLBACK after (two round trips of three for a one-query read). Statements of
    one such session do not share a snapshot: a read that needs several to agree uses a
    session of `create_session_factory`."""
    return create_session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))


@cache
def get_engine() -> AsyncEngine:
    return create_engine(get_settings())


@cache
def get_session_factory() -> async_sessionmaker[AsyncSession]:
    return create_session_factory(get_engine())
