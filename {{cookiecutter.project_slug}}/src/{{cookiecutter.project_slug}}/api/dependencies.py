"""What routes get through `Depends`: one database session per request."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

# Methods that only read: their sessions run each statement on its own, outside a
# transaction (db/session.py, `create_read_session_factory`). A route of these methods
# must not write.
READS = frozenset({"GET", "HEAD"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for one request, from the app's session factories (see `app.lifespan`),
    once the request's turn for a pooled connection has come (first come, first served:
    `ConnectionQueue`, db/session.py). A route commits what it wrote; whatever it did not
    commit is rolled back at the end."""
    state = request.app.state
    async with state.connection_queue:
        session = (state.read_sessions if request.method in READS else state.sessions)()
        try:
            yield session
        finally:
            # Not `async with`: its exit closes the session in an asyncio task of its own,
            # so that a cancellation cannot cut the close short; FastAPI already shields the
            # exit of a dependency from cancellation, and a task per request costs CPU.
            await session.close()


Session = Annotated[AsyncSession, Depends(get_session)]
