"""The migration history, proved both ways on every run. `pytest -m migrations` runs just
these; the README's "What the migration tests guarantee" says what each one proves.

One walk through the history (release_checks.walk) makes most checks, on one connection
with the revision files loaded once; each test reports one of its verdicts. It starts
after the longest prefix of the history an earlier run proved (release_checks.proofs;
README: "What the migration tests remember"), so a run walks what is new. Beside the
walk, in a process of their own, the real `alembic` commands run through env.py, as a
deploy runs them.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import URL

import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table, as env.py does)
from {{ cookiecutter.project_slug }}.db import Base
from {{ cookiecutter.project_slug }}.settings import Settings

from release_checks.databases import create_database, drop_database, run_on, unique_name
from release_checks.deploy.rehearsal import DeployRehearsal
from release_checks.history import History, shape_problems
from release_checks.proofs import ProofStore, Start, restore, walk_from
from release_checks.walk import NOT_REACHED, Verdicts

pytestmark = pytest.mark.migrations

PACKAGE = "{{ cookiecutter.project_slug }}"


@pytest.fixture(scope="module")
def history(loaded: History | str) -> History:
    if isinstance(loaded, str):  # reported once, by the test of the history's shape
        pytest.skip(f"{NOT_REACHED}: the history cannot be loaded")
    return loaded


@pytest.fixture(scope="module")
async def start(
    settings: Settings, proofs: ProofStore | None, pytestconfig: pytest.Config
) -> Start:
    """Where the walk starts: the end of the longest proven prefix, unless --prove-all."""
    store = None if pytestconfig.getoption("prove_all") else proofs
    return await restore(settings.sqlalchemy_url, store)


@pytest.fixture(scope="module")
def deploy_rehearsal(history: History) -> Iterator[DeployRehearsal]:
    """Started first, in processes of their own, so that they run beside the walk; the
    registration check runs while the deploy commands' database is made."""
    commands = [("upgrade", "head"), ("downgrade", "-1")][: 2 if history.revisions else 1]
    models = (PACKAGE, f"{PACKAGE}.models", f"{PACKAGE}.db:Base.metadata")
    rehearsal = DeployRehearsal(models, *commands)
    yield rehearsal
    rehearsal.close()


@pytest.fixture(scope="module")
async def deploy_database(
    deploy_rehearsal: DeployRehearsal,  # first: its interpreter starts while the rest is made
    settings: Settings,
    start: Start,
    dropping: list[asyncio.Task[None]],
) -> AsyncIterator[URL]:
    """The deploy commands' database. It starts where a deploy does: at the schema
    production has (the proven prefix), or empty."""
    template = start.proof.database if start.proof else None
    server = settings.sqlalchemy_url
    url = await create_database(server, unique_name(server, "deploy"), template=template)
    deploy_rehearsal.begin(url)
    yield url
    await deploy_rehearsal.outcome()  # done before its database is dropped
    dropping.append(asyncio.create_task(drop_database(url)))


@pytest.fixture(scope="module")
async def verdicts(
    deploy_database: URL,  # first: the deploy commands run beside the walk
    start: Start,
    history: History,
    proofs: ProofStore | None,
    notes: list[str],
    dropping: list[asyncio.Task[None]],
) -> Verdicts:
    """One walk through the history not proven yet; the tests below each report one
    verdict. Once it has passed, the history up to head is proven: the next run starts
    there."""
    kept = False
    try:
        found = await walk_from(start, history, Base.metadata, proofs)
        kept = found.kept
    finally:  # dropping a database waits for a checkpoint: not this test's
        if not kept:
            dropping.append(asyncio.create_task(drop_database(start.database)))
        if proofs is not None:
            dropping.append(asyncio.create_task(proofs.prune()))
    notes.extend(start.dropped)
    notes.append(
        f"migration proofs: {found.restored} revisions restored from a proof, "
        f"{found.walked} walked (--prove-all walks every one)"
    )
    return found


def report(verdict: str | None) -> None:
    if verdict == NOT_REACHED:
        pytest.skip(verdict)  # one failure is reported once, by the check that found it
    if verdict is not None:
        pytest.fail(verdict, pytrace=False)  # the verdict says it all; the stack does not


def test_history_is_one_line_with_a_single_head(loaded: History | str) -> None:
    if isinstance(loaded, str):
        pytest.fail(loaded, pytrace=False)
    problems = shape_problems(loaded)
    assert not problems, "the history is not one line:\n" + "\n".join(problems)


def test_stairway_every_revision_goes_up_down_and_up_again_to_the_same_schema(
    verdicts: Verdicts,
) -> None:
    report(verdicts.stairway)


def test_every_upgrade_keeps_the_migration_rules_on_the_catalog(verdicts: Verdicts) -> None:
    """No rename, no drop unless acknowledged, no type change, no NOT NULL on an existing
    column, one table per revision: judged on what each upgrade did to the catalog, so
    whatever way its SQL was written."""
    report(verdicts.rules)


def test_models_match_the_schema_at_head(verdicts: Verdicts) -> None:
    report(verdicts.drift)


def test_every_downgrade_back_to_where_the_walk_started_leaves_no_trace(
    verdicts: Verdicts,
) -> None:
    """Each downgrade, in one run from head, leaves the schema exactly as its upgrade
    found it: everything `pg_dump --schema-only` would restore, compared in pg_catalog."""
    report(verdicts.downgrade)


async def test_every_model_module_is_registered_on_the_metadata(
    deploy_rehearsal: DeployRehearsal, deploy_database: URL
) -> None:
    outcome = await deploy_rehearsal.outcome()
    assert outcome.registration_error is None, (
        f"the registration check failed: {outcome.registration_error}"
    )
    outside = outcome.unregistered
    assert not outside, "tables that importing the models package does not register: " + ", ".join(
        f"{table} (in {module})" for table, module in sorted(outside.items())
    )


def current_heads(config: Config) -> set[str]:
    context = MigrationContext.configure(config.attributes["connection"])
    return set(context.get_current_heads())


async def test_deploy_commands_upgrade_to_head_and_downgrade_one_step(
    deploy_rehearsal: DeployRehearsal, deploy_database: URL, history: History
) -> None:
    """The path a deploy takes: the real commands, through env.py (its lock, timeouts
    and retries). The whole history in one run up; one step down proves env.py's
    downgrade path (the walk has proved every revision's downgrade already)."""
    report((await deploy_rehearsal.outcome()).failure)
    below_head = history.revisions[-1].down_revision if history.revisions else None
    assert await run_on(deploy_database, current_heads) == set(filter(None, [below_head]))
