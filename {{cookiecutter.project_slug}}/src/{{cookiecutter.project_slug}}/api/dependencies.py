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
    """A session for one request, from the app's session factories (see `app.lifespan`).
    A route commits what it wrote; whatever it did not commit is rolled back at the end."""
    state = request.app.state
    sessions = state.read_sessions if request.method in READS else state.sessions
    async with sessions() as session:
        yield session


Session = Annotated[AsyncSession, Depends(get_session)]
