"""Alembic's commands, run in-process on a connection the caller lends."""

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from alembic.config import Config
from sqlalchemy import URL, Connection

from migration_tools.databases import on_connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"

T = TypeVar("T")


def alembic_config(connection: Connection | None = None) -> Config:
    """The project's Alembic config; with `connection`, env.py migrates on it."""
    config = Config(ALEMBIC_INI)
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def run_on(url: URL, command: Callable[[Config], T]) -> T:
    """Run `command(config)` with env.py bound to a connection to `url`."""
    return await on_connection(url, lambda connection: command(alembic_config(connection)))
