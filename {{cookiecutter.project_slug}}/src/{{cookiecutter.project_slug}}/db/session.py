"""The engine and the session factories the service uses.

Both are made on first use, not at import: importing the models (as Alembic and the tests
do) must not need valid database settings.
"""

from functools import cache

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
    """A pooled engine of `DATABASE_POOL_SIZE` connections, no more: a request waits up to
    `DATABASE_POOL_TIMEOUT` seconds for one to come free (then `sqlalchemy.exc.TimeoutError`)
    or to be made.

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
