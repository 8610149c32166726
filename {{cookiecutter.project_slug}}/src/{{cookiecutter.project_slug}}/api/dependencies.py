"""What routes get through `Depends`: one database session per request."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for one request, from the app's session factory (see `app.lifespan`).
    A route commits what it wrote; whatever it did not commit is rolled back at the end."""
    async with request.app.state.sessions() as session:
        yield session


Session = Annotated[AsyncSession, Depends(get_session)]
