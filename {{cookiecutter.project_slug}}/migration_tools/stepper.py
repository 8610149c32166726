"""Run a stream of migration steps on one connection, in one migration context.

`alembic upgrade` runs the steps its target calls for; the walk needs others (up, down,
up again, for every revision) and needs to look at the schema between them. It hands
alembic a generator of steps: alembic runs each in its own transaction (as env.py's
online mode does, so `autocommit_block()` works) and asks for the next one only after
committing, so the generator can read the schema in between. One context for the whole
stream: no `alembic` command, env.py, engine or version-table check per step, and the
revision modules the `History` loaded once. None of what env.py adds for production
(locks, timeouts) is run here; the tests of env.py itself cover it.
"""

from collections.abc import Iterable, Iterator

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, MigrationStep
from alembic.script import Script
from sqlalchemy import Connection, MetaData

from migration_tools.history import History
from migration_tools.snapshot import VERSION_TABLE


def prepare(connection: Connection) -> None:
    """Make `connection` ready to run steps: no transaction open (the migration context
    must own its transactions), and commits that do not wait for the WAL flush, which a
    throwaway test database does not need and a walk of hundreds of commits feels."""
    end_transaction(connection)
    connection.exec_driver_sql("SET synchronous_commit = off")
    connection.commit()


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
    environment = EnvironmentContext(
        config, history.script, fn=lambda _heads, context: _each_as_if_alone(steps, context)
    )
    with environment:  # installs `alembic.context`, which revisions may consult
        environment.configure(
            connection=connection,
            target_metadata=metadata,
            version_table=VERSION_TABLE,
            transaction_per_migration=True,
        )
        with environment.begin_transaction():
            environment.run_migrations()


def _each_as_if_alone(
    steps: Iterable[MigrationStep], context: MigrationContext
) -> Iterator[MigrationStep]:
    """`steps`, with what the context remembers from one step forgotten before the next.
    Alembic notes the enum types a `create_table` has created and never creates them
    again in the same run; after a downgrade dropped the type, the upgrade run again must
    create it, as a command of its own would."""
    for step in steps:
        context.impl.memo.clear()
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
