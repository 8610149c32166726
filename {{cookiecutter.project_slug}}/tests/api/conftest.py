"""The API through its ASGI interface (httpx, no server), on the test's database.

With `client`, each request gets a session of its own, as in production, bound to the
test's connection inside the transaction `session` rolls back: a route's commits become
savepoints, and the test can look at what a request left in the table through `session`.
`served` is the app as it runs, with its own pool, on a database copy of the test's own.

These tests are clients: assert what a client relies on (the status, the fields it reads,
`body.items() >= {...}.items()`), never a whole body, so that a field added later never
fails them. `make test-compat` runs them against the next release's app.
"""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from {{ cookiecutter.project_slug }}.api.app import create_app
from {{ cookiecutter.project_slug }}.api.dependencies import get_session
from {{ cookiecutter.project_slug }}.settings import Settings

from tests.api.served import settings_for


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
async def client(app: FastAPI, session: AsyncSession) -> AsyncIterator[AsyncClient]:
    connection = session.bind
    assert isinstance(connection, AsyncConnection)

    async def session_in_the_tests_transaction() -> AsyncIterator[AsyncSession]:
        async with AsyncSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        ) as request_session:
            yield request_session

    app.dependency_overrides[get_session] = session_in_the_tests_transaction
    async with (
        app.router.lifespan_context(app),  # as served: the engine /ready looks at
        AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client,
    ):
        yield client


@pytest.fixture
async def served(settings: Settings, database_copy: URL) -> AsyncIterator[FastAPI]:
    """The app as it is served, on a private copy of the migrated database: its own engine,
    its own sessions (reads outside a transaction, real commits), its lifespan run."""
    app = create_app(settings_for(settings, database_copy))
    async with app.router.lifespan_context(app):
        yield app
