"""The migration history, run for real against an empty database."""

import pytest
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL

from migration_tools.alembic_api import alembic_config, run_on

pytestmark = pytest.mark.migrations


def current_heads(config: Config) -> set[str]:
    context = MigrationContext.configure(config.attributes["connection"])
    return set(context.get_current_heads())


async def test_upgrade_downgrade_upgrade(empty_database: URL) -> None:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())

    await run_on(empty_database, lambda config: command.upgrade(config, "head"))
    assert await run_on(empty_database, current_heads) == heads

    await run_on(empty_database, lambda config: command.downgrade(config, "base"))
    assert await run_on(empty_database, current_heads) == set()

    await run_on(empty_database, lambda config: command.upgrade(config, "head"))
    assert await run_on(empty_database, current_heads) == heads


async def test_models_match_migrated_schema(database_copy: URL) -> None:
    # `alembic check`: raises when autogenerate would produce a revision.
    await run_on(database_copy, command.check)
