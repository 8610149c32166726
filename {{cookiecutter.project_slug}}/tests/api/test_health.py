"""Liveness and readiness, as an orchestrator probes them."""

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy import URL, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.db.readiness import load_script

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/nothing"  # port 1: nothing listens there


def point_at(app: FastAPI, url: URL | str) -> None:
    """Make the app's readiness check look at another database."""
    database_url = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    settings = app.state.settings.model_copy(update={"database_url": SecretStr(database_url)})
    app.state.settings = settings


async def test_health_needs_no_database(app: FastAPI, client: AsyncClient) -> None:
    point_at(app, UNREACHABLE)
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json().items() >= {"status": "ok"}.items()


async def test_ready_when_the_database_is_at_head(
    app: FastAPI, client: AsyncClient, engine: AsyncEngine
) -> None:
    point_at(app, engine.url)
    response = await client.get("/ready")
    # What an orchestrator relies on: the status. (The detail is for people, and says "at
    # head", or "ahead of head" when make test-compat runs this on a newer schema.)
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


async def test_not_ready_when_the_database_is_unreachable(
    app: FastAPI, client: AsyncClient
) -> None:
    point_at(app, UNREACHABLE)
    response = await client.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "not_ready"
    assert body["detail"].startswith("cannot connect to PostgreSQL at 127.0.0.1:1,")


async def test_not_ready_at_a_revision_it_cannot_prove_descends_from_its_head(
    app: FastAPI, client: AsyncClient, empty_database: URL
) -> None:
    engine = create_async_engine(empty_database, poolclass=NullPool)
    async with engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
        )
        await connection.execute(text("INSERT INTO alembic_version VALUES ('0123456789ab')"))
    await engine.dispose()
    point_at(app, empty_database)

    response = await client.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert {"code", "detail"} <= body.keys()
    assert body["code"] == "not_ready"
    # A newer release's revision proves itself in alembic_lineage (tests/test_migration_
    # safety.py); without that record, this one is no proof.
    assert body["detail"].startswith("the database is at 0123456789ab, a revision this code")


async def test_not_ready_when_the_migrations_have_not_run(
    app: FastAPI, client: AsyncClient, empty_database: URL
) -> None:
    if not load_script().get_heads():
        pytest.skip("no revisions yet: an empty database is at head")
    point_at(app, empty_database)
    response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("the database is behind")
    assert "run `alembic upgrade head`" in response.json()["detail"]


async def test_a_bug_answers_500_in_the_same_shape(app: FastAPI) -> None:
    async def broken() -> None:
        raise RuntimeError("a bug, with details the client must not see")

    app.add_api_route("/broken", broken)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/broken")
    assert response.status_code == 500
    # Exactly this: nothing of the bug may reach the client.
    assert response.json() == {"detail": "internal server error", "code": "internal"}
    # uvicorn closes the connection after a 500: the client is told, not left to find out.
    assert response.headers["connection"] == "close"


async def test_an_unknown_path_or_method_answers_in_the_same_shape(client: AsyncClient) -> None:
    missing = await client.get("/nothing-here")
    assert missing.status_code == 404
    assert missing.json().items() >= {"detail": "Not Found", "code": "not_found"}.items()
    wrong = await client.post("/health")
    assert wrong.status_code == 405
    assert (
        wrong.json().items()
        >= {"detail": "Method Not Allowed", "code": "method_not_allowed"}.items()
    )
    assert wrong.headers["allow"] == "GET"
