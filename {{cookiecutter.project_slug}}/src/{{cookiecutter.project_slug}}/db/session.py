"""The engine and the session factory the service uses.

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


def create_engine(settings: Settings) -> AsyncEngine:
    """A pooled engine; behind PgBouncer in transaction mode (`DATABASE_TRANSACTION_POOLER`)
    it prepares no statement another client could collide with."""
    return create_async_engine(
        settings.sqlalchemy_url,
        pool_pre_ping=True,
        connect_args=driver_arguments(transaction_pooler=settings.database_transaction_pooler),
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: an expired attribute would need a lazy load,
    # which an async session cannot do implicitly.
    return async_sessionmaker(engine, expire_on_commit=False)


@cache
def get_engine() -> AsyncEngine:
    return create_engine(get_settings())


@cache
def get_session_factory() -> async_sessionmaker[AsyncSession]:
    return create_session_factory(get_engine())
