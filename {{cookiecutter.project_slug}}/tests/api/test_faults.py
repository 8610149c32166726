"""Faults answered as faults, limits, and what an HTTP client relies on, with the app as it
is served (`served`: its own pool and sessions, on a database copy of the test's own).

A database that cannot serve is 503 `unavailable` with `Retry-After` and one log line,
never a 500 with a traceback; the service recovers without a restart."""

import asyncio
import logging
from typing import Any

import asyncpg
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.api.app import create_app
from {{ cookiecutter.project_slug }}.api.dependencies import Session
from {{ cookiecutter.project_slug }}.settings import Settings

from tests.api.served import client_of, settings_for

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/nothing"  # port 1: nothing listens there


def with_probes(app: FastAPI) -> FastAPI:
    """Routes of the test's own, on the app's sessions: a read, and a write that runs the
    statements it is sent."""

    async def read(session: Session) -> int:
        return int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)

    async def write(statements: list[str], session: Session) -> None:
        for statement in statements:
            await session.execute(text(statement))
        await session.commit()

    app.add_api_route("/probe", read)
    app.add_api_route("/probe", write, methods=["POST"])
    return app


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.json() == {
        "detail": "the database is unavailable; try again",
        "code": "unavailable",
    }
    assert response.headers["retry-after"] == "1"


def one_line(caplog: pytest.LogCaptureFixture, fragment: str) -> None:
    """One warning naming the fault, no traceback, no other record of it."""
    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(records) == 1, [record.getMessage() for record in records]
    assert fragment in records[0].getMessage()
    assert records[0].exc_info is None
    assert "\n" not in records[0].getMessage()


async def test_an_unreachable_database_is_503(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = with_probes(create_app(settings_for(settings, UNREACHABLE)))
    async with app.router.lifespan_context(app), client_of(app) as client:
        assert_unavailable(await client.get("/probe"))
    one_line(caplog, "503 for GET /probe: cannot connect to the database: connection refused")


async def test_a_pool_that_cannot_serve_is_503_and_not_ready(
    settings: Settings, served: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    # The wait is also the connect timeout: long enough for a password check on a busy
    # machine, short enough for the test.
    app = with_probes(create_app(served.state.settings.model_copy(
        update={"database_pool_size": 1, "database_pool_timeout": 0.5}
    )))  # fmt: skip
    async with app.router.lifespan_context(app), client_of(app) as client:
        assert (await client.get("/ready")).status_code == 200
        async with app.state.engine.connect():  # the only connection, taken
            assert_unavailable(await client.get("/probe"))
            ready = await client.get("/ready")
            assert ready.status_code == 503
            assert ready.json() == {
                "detail": "all 1 pooled database connections are in use",
                "code": "not_ready",
            }
        # Given back: served again, ready again.
        assert (await client.get("/probe")).status_code == 200
        assert (await client.get("/ready")).status_code == 200
    one_line(caplog, "no pooled database connection came free in time")


async def test_a_request_whose_turn_for_a_connection_does_not_come_is_503(
    served: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """Every connection held by requests: the next waits in the queue (`ConnectionQueue`,
    db/session.py), not in the pool, and is answered the same after DATABASE_POOL_TIMEOUT."""
    app = with_probes(create_app(served.state.settings.model_copy(
        update={"database_pool_size": 1, "database_pool_timeout": 0.5}
    )))  # fmt: skip
    holding, release = asyncio.Event(), asyncio.Event()

    async def hold(session: Session) -> None:
        await session.execute(text("SELECT 1"))
        holding.set()
        await release.wait()

    app.add_api_route("/hold", hold)
    async with app.router.lifespan_context(app), client_of(app) as client:
        held = asyncio.create_task(client.get("/hold"))
        await asyncio.wait_for(holding.wait(), 10)
        assert_unavailable(await client.get("/probe"))
        assert (await client.get("/ready")).status_code == 503
        release.set()
        assert (await held).status_code == 200
        assert (await client.get("/probe")).status_code == 200
    one_line(caplog, "no pooled database connection came free in time")


async def test_a_statement_cancelled_by_the_server_is_503(
    served: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    statements = ["SET LOCAL statement_timeout = 1", "SELECT pg_sleep(1)"]
    async with client_of(with_probes(served)) as client:
        assert_unavailable(await client.post("/probe", json=statements))
        assert (await client.get("/probe")).status_code == 200
    one_line(caplog, "canceling statement due to statement timeout")


async def test_after_the_server_ends_the_connections_one_request_fails_then_all_serve(
    served: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """No ping before each request: the first on a dead connection fails (503), and marks
    every connection the pool made before it stale, so the next requests get new ones."""
    async with client_of(with_probes(served)) as client:
        pids = {(await client.get("/probe")).json() for _ in range(3)}
        url = served.state.settings.sqlalchemy_url
        engine = create_async_engine(url, poolclass=NullPool)
        async with engine.connect() as connection:
            for pid in pids:
                await connection.execute(text(f"SELECT pg_terminate_backend({pid}, 5000)"))
        await engine.dispose()
        statuses = [(await client.get("/probe")).status_code for _ in range(5)]
    assert statuses[0] in (200, 503)
    assert statuses[1:] == [200] * 4, statuses
    assert len([record for record in caplog.records if record.levelno >= logging.WARNING]) <= 1


async def test_a_connection_ended_while_it_is_set_up_is_503(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """The server ends a new session right after the handshake (a restart, an operator's
    pg_terminate_backend): SQLAlchemy, setting the connection up, lets asyncpg's own error
    through unwrapped. Raised here where the pool would raise it: a fault, not a bug."""

    async def connecting() -> None:
        raise asyncpg.InterfaceError("connection is closed")

    app = create_app(settings_for(settings, UNREACHABLE))  # no database needed
    app.add_api_route("/connecting", connecting)
    async with app.router.lifespan_context(app), client_of(app) as client:
        assert_unavailable(await client.get("/connecting"))
    one_line(caplog, "503 for GET /connecting: cannot connect to the database: connection is")


async def test_a_body_over_the_limit_is_413_before_it_is_read(served: FastAPI) -> None:
    app = create_app(served.state.settings.model_copy(update={"max_request_body_size": 100}))
    async with app.router.lifespan_context(app), client_of(with_probes(app)) as client:
        declared = await client.post("/probe", content=b"x" * 101)

        async def chunks() -> Any:
            for _ in range(3):
                yield b"x" * 50

        streamed = await client.post("/probe", content=chunks())
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json() == {
            "detail": "the request body is larger than 100 bytes",
            "code": "too_large",
        }
        assert response.headers["connection"] == "close"


@pytest.mark.parametrize("body", [b'["\xff"]', b"[" * 100_000, b"\x1f\x8b\x08\x00compressed"])
async def test_a_body_that_is_not_json_is_400(served: FastAPI, body: bytes) -> None:
    async with client_of(with_probes(served)) as client:
        response = await client.post(
            "/probe", content=body, headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


async def test_reads_run_outside_a_transaction_and_writes_inside_one(served: FastAPI) -> None:
    """A GET's session sends each query alone (no BEGIN, no ROLLBACK: two round trips of
    three saved for a one-query read); a POST's runs in the transaction its route commits."""
    seen: dict[str, bool] = {}
    same_transaction = "SELECT pg_current_xact_id()"

    async def in_one_transaction(session: AsyncSession) -> bool:
        first = await session.scalar(text(same_transaction))
        return bool(first == await session.scalar(text(same_transaction)))

    async def read(session: Session) -> None:
        seen["GET"] = await in_one_transaction(session)

    async def write(session: Session) -> None:
        seen["POST"] = await in_one_transaction(session)

    served.add_api_route("/transaction", read)
    served.add_api_route("/transaction", write, methods=["POST"])
    async with client_of(served) as client:
        await asyncio.gather(client.get("/transaction"), client.post("/transaction"))
    assert seen == {"GET": False, "POST": True}
