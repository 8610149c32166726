"""Requests get the pool's connections in the order they ask for them (`ConnectionQueue`,
db/session.py): under load, none waits behind requests that came after it.

The order is asserted, never a duration: the test decides when each request asks, and
lets a newcomer ask at the worst moment for fairness, right as a connection is given
back while others wait (with SQLAlchemy's pool alone, the newcomer takes it)."""

import asyncio
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from sqlalchemy import event, text

from {{ cookiecutter.project_slug }}.api.app import create_app
from {{ cookiecutter.project_slug }}.api.dependencies import Session

from tests.api.served import client_of

WAITING = [f"waiting-{number}" for number in range(1, 9)]


async def test_requests_get_a_connection_in_the_order_they_ask(served: FastAPI) -> None:
    app = create_app(served.state.settings.model_copy(
        update={"database_pool_size": 1, "database_pool_timeout": 20}
    ))  # fmt: skip
    asked = {label: asyncio.Event() for label in ["first", *WAITING, "newcomer"]}
    given_back, release_first = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def ask(label: str) -> None:
        """Declared before the session, so this runs just before the request waits its
        turn: nothing between the two gives the event loop to another request."""
        asked[label].set()
        if label == "newcomer":
            await given_back.wait()

    async def probe(label: str, _: Annotated[None, Depends(ask)], session: Session) -> None:
        await session.execute(text("SELECT 1"))  # a connection of the pool's one
        order.append(label)
        if label == "first":
            await release_first.wait()

    app.add_api_route("/turn", probe)
    async with app.router.lifespan_context(app), client_of(app) as client:

        def on_checkin(*_: Any) -> None:
            # The newcomer is woken as the connection goes back, before the waiter the
            # pool wakes for it.
            given_back.set()

        event.listen(app.state.engine.sync_engine, "checkin", on_checkin)
        async with asyncio.timeout(60), asyncio.TaskGroup() as requests:
            answers = []
            for label in ["first", *WAITING, "newcomer"]:
                answers.append(requests.create_task(client.get("/turn", params={"label": label})))
                await asyncio.wait_for(asked[label].wait(), 10)
            await asyncio.sleep(0)  # the last one reaches its wait
            release_first.set()
    assert [answer.result().status_code for answer in answers] == [200] * len(answers)
    assert order == ["first", *WAITING, "newcomer"]
