"""The migration history, proved both ways on every run. `pytest -m migrations` runs just
these; the README's "What the migration tests guarantee" says what each one proves.

They drive revisions through `migration_tools` on one connection with the history loaded
once, so they stay fast at hundreds of revisions; one test goes through env.py and the
real `alembic` commands, as production does.
"""

from collections.abc import AsyncIterator

import pytest
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import URL

import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table, as env.py does)
from {{ cookiecutter.project_slug }}.db import Base
from {{ cookiecutter.project_slug }}.settings import Settings

from migration_tools.alembic_api import alembic_config, run_on
from migration_tools.databases import create_database, drop_database, unique_name
from migration_tools.diff import snapshot_diff
from migration_tools.drift import model_drift
from migration_tools.harness import with_stepper
from migration_tools.history import History, shape_problems
from migration_tools.registration import unregistered_tables
from migration_tools.snapshot import Snapshot
from migration_tools.stepper import Stepper
from migration_tools.walk import MigrationError, walk_stairway

pytestmark = pytest.mark.migrations

PACKAGE = "{{ cookiecutter.project_slug }}"


@pytest.fixture(scope="module")
def history() -> History:
    return History.load(alembic_config())


@pytest.fixture(scope="module")
async def scratch(settings: Settings) -> AsyncIterator[list[tuple[URL, Snapshot]]]:
    """The empty databases this module made (normally one), with their empty schema."""
    made: list[tuple[URL, Snapshot]] = []
    yield made
    for url, _ in made:
        await drop_database(url)


@pytest.fixture
async def empty_database(
    settings: Settings, scratch: list[tuple[URL, Snapshot]], history: History
) -> AsyncIterator[URL]:
    """An empty database. The module's tests share one (making and dropping a database
    costs more than all their work) and leave it empty; one a failing test left dirty is
    replaced for the next."""
    if not scratch:
        url = await create_database(settings.sqlalchemy_url, unique_name("migrations"))
        scratch.append((url, await with_stepper(url, history, Base.metadata, Stepper.snapshot)))
    url, empty = scratch[-1]
    yield url

    def is_empty(stepper: Stepper) -> bool:
        return stepper.current() == () and stepper.snapshot() == empty

    if not await with_stepper(url, history, Base.metadata, is_empty):
        scratch.pop()
        await drop_database(url)


def test_history_is_one_line_with_a_single_head(history: History) -> None:
    problems = shape_problems(history)
    assert not problems, "the history is not one line:\n" + "\n".join(problems)


async def test_upgrade_to_head_and_back_to_base(empty_database: URL, history: History) -> None:
    def up_and_down(stepper: Stepper) -> None:
        empty = stepper.snapshot()
        stepper.upgrade()
        assert stepper.current() == tuple(filter(None, [history.head]))
        stepper.downgrade()
        assert stepper.current() == ()
        left = snapshot_diff(empty, stepper.snapshot())
        assert not left, f"downgrade to base left the database changed:\n{left}"

    await with_stepper(empty_database, history, Base.metadata, up_and_down)


async def test_stairway_and_every_downgrade_leaves_no_trace(
    empty_database: URL, history: History
) -> None:
    def stairway(stepper: Stepper) -> str:
        try:
            walk_stairway(stepper)
        except MigrationError as failure:
            return str(failure)
        stepper.downgrade()
        return ""

    failure = await with_stepper(empty_database, history, Base.metadata, stairway)
    if failure:
        pytest.fail(failure, pytrace=False)  # the message says it all; the stack does not


async def test_models_match_the_migrated_schema(empty_database: URL, history: History) -> None:
    def drift(stepper: Stepper) -> str:
        stepper.upgrade()
        try:
            return model_drift(stepper.connection, Base.metadata)
        finally:
            stepper.downgrade()

    needed = await with_stepper(empty_database, history, Base.metadata, drift)
    assert not needed, f"the models differ from the migrated schema; they need:\n{needed}"


def test_every_model_module_is_registered_on_the_metadata() -> None:
    outside = unregistered_tables(PACKAGE, f"{PACKAGE}.models", f"{PACKAGE}.db:Base.metadata")
    assert not outside, "tables that importing the models package does not register: " + ", ".join(
        f"{table} (in {module})" for table, module in sorted(outside.items())
    )


def current_heads(config: Config) -> set[str]:
    context = MigrationContext.configure(config.attributes["connection"])
    return set(context.get_current_heads())


async def test_env_py_upgrades_and_downgrades(empty_database: URL, history: History) -> None:
    """The path production takes: the `alembic` commands through env.py."""
    heads = set(history.script.get_heads())

    await run_on(empty_database, lambda config: command.upgrade(config, "head"))
    assert await run_on(empty_database, current_heads) == heads

    await run_on(empty_database, lambda config: command.downgrade(config, "base"))
    assert await run_on(empty_database, current_heads) == set()
