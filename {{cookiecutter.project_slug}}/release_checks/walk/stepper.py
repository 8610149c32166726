"""Run a stream of migration steps on one connection, in one migration context.

`alembic upgrade` runs the steps its target calls for; the walk needs others (up, down,
up again, for every revision) and needs to look at the schema between them. It hands
alembic a generator of steps: alembic runs each in its own transaction (as env.py's
online mode does, so `autocommit_block()` works) and asks for the next one only after
committing, so the generator can read the schema in between. One context for the whole
stream: no `alembic` command, env.py, engine or version-table check per step, and the
revision modules the `History` loaded once. What env.py adds for production (locks,
timeouts) is not run here; the tests of env.py itself cover it. What it leaves in the
database is: each step's lineage, so that a database copied from a proof is the one
`alembic upgrade` would have left (db/lineage.py).
"""

from collections.abc import Iterable, Iterator
from typing import Any

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, MigrationStep
from alembic.script import Script
from sqlalchemy import Connection, MetaData
from sqlalchemy.util import await_only

from {{ cookiecutter.project_slug }}.db.lineage import VERSION_TABLE, LineageRecorder
from {{ cookiecutter.project_slug }}.db.several_commands import run_several_commands

from release_checks.history import History

# What a command of its own starts with: a new session's state. Run before every step, so
# what one step leaves in the session (a temporary table used as scratch space, a `SET`,
# a role, an advisory lock) cannot break or hide the next. Then the walk's own setting:
# commits that do not wait for the WAL flush, which a throwaway test database does not
# need and a walk of hundreds of commits feels.
_NEW_SESSION = """
SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DISCARD TEMP; DISCARD SEQUENCES; CLOSE ALL;
UNLISTEN *; SELECT pg_advisory_unlock_all();
SET synchronous_commit = off
"""


def prepare(connection: Connection) -> None:
    """Make `connection` ready to run steps: no transaction open (the migration context
    must own its transactions), and a new session's state."""
    end_transaction(connection)
    new_session(connection)


def new_session(connection: Connection) -> None:
    """Reset the session's state, in one round trip through the driver itself (a simple
    query may hold several statements; and it opens no transaction SQLAlchemy would see).
    Statements prepared with PREPARE survive it."""
    driver: Any = connection.connection.driver_connection  # asyncpg's own connection
    await_only(driver.execute(_NEW_SESSION))


def run_steps(
    connection: Connection,
    config: Config,
    history: History,
    metadata: MetaData,
    steps: Iterable[MigrationStep],
) -> None:
    """Run `steps` in order, each in a transaction of its own, keeping the version table
    up to date. Code run between steps (in a generator) must end any transaction it
    opens (see `end_transaction`)."""
    end_transaction(connection)
    run_several_commands(connection.engine)  # as env.py does
    environment = EnvironmentContext(
        config, history.script, fn=lambda _heads, context: _each_as_if_alone(steps, context)
    )
    with environment:  # installs `alembic.context`, which revisions may consult
        environment.configure(
            connection=connection,
            target_metadata=metadata,
            version_table=VERSION_TABLE,
            transaction_per_migration=True,
            on_version_apply=LineageRecorder(),
        )
        with environment.begin_transaction():
            environment.run_migrations()


def _each_as_if_alone(
    steps: Iterable[MigrationStep], context: MigrationContext
) -> Iterator[MigrationStep]:
    """`steps`, each run as a command of its own would run it: with what the context and
    the session remember from the step before forgotten. (Alembic notes the enum types a
    `create_table` has created and never creates them again in the same run; after a
    downgrade dropped the type, the upgrade run again must create it.)"""
    remaining = iter(steps)
    while True:
        # Before `steps` goes on, so that what it reads between steps (the snapshots) sees
        # the session a new command would have too (`current_user`, after a `SET ROLE`).
        context.impl.memo.clear()
        if context.connection is not None:
            new_session(context.connection)
        step = next(remaining, None)
        if step is None:
            return
        yield step


def up(history: History, revision: Script) -> MigrationStep:
    return MigrationStep.upgrade_from_script(history.script.revision_map, revision)


def down(history: History, revision: Script) -> MigrationStep:
    return MigrationStep.downgrade_from_script(history.script.revision_map, revision)


def end_transaction(connection: Connection) -> None:
    """Commit what is open. Reads between steps need no commit, but the first of them
    shares its transaction with the version table alembic has just created."""
    if connection.in_transaction():
        connection.commit()
