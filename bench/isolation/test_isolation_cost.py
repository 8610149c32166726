"""What a test pays for its isolation, measured by bench/migrations.py from the junit
times: tests doing nothing, without a fixture and with each isolation fixture."""

import pytest
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import AsyncSession

TESTS = 200
COPIES = 20


@pytest.mark.parametrize("n", range(TESTS))
async def test_bare(n: int) -> None:
    pass


@pytest.mark.parametrize("n", range(TESTS))
async def test_session(n: int, session: AsyncSession) -> None:
    pass


@pytest.mark.parametrize("n", range(COPIES))
async def test_database_copy(n: int, database_copy: URL) -> None:
    pass
