"""pytest-alembic's fixtures for a baked project, in one of two set-ups (BENCH_MODE):

- `lent`: a connection lent to env.py (psycopg, since pytest-alembic drives env.py
  synchronously), reused for every step: pytest-alembic at its fastest here;
- `own`: env.py connects by itself for each step, as `alembic` does in production.
"""

import asyncio
import importlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_alembic.config import Config
from release_checks.databases import create_database, drop_database, unique_name
from release_checks.project import ALEMBIC_INI
from sqlalchemy import URL, Connection, create_engine

settings = importlib.import_module(f"{os.environ['BENCH_SLUG']}.settings")


@pytest.fixture
def alembic_config() -> Config:
    return Config(config_options={"file": str(ALEMBIC_INI)})


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch) -> Iterator[URL]:
    server = settings.load_settings().sqlalchemy_url
    url = asyncio.run(create_database(server, unique_name(server, "pytest_alembic")))
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    settings.get_settings.cache_clear()
    yield url
    asyncio.run(drop_database(url))


@pytest.fixture
def alembic_engine(database: URL) -> Iterator[Connection | Any]:
    if os.environ["BENCH_MODE"] == "own":
        yield None  # env.py finds no lent connection and connects to DATABASE_URL itself
        return
    engine = create_engine(database.set(drivername="postgresql+psycopg"))
    with engine.connect() as connection:
        yield connection
    engine.dispose()
