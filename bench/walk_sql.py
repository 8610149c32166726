"""Print the SQL of the migration walk of a baked project, for psql to replay: the floor
under any harness that runs the same steps and reads the same snapshots, since psql
spends no time of its own between statements.

    python bench/walk_sql.py PROJECT [--snapshots]

The steps are the walk's (release_checks.walk.stairway): every revision up, then every one down
from head, then every one up again. Rendered by alembic offline, each in a transaction
of its own; with --snapshots, the walk's catalog query runs where the walk runs it
(after each upgrade of the first run and each downgrade, and at both ends).
"""

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, MigrationStep

SNAPSHOT = "EXECUTE snapshot;"


def walk_sql(project: Path, snapshots: bool) -> str:
    sys.path[:0] = [str(project)]
    # The project's own history, steps and snapshot query.
    from release_checks.history import History
    from release_checks.project import alembic_config
    from release_checks.walk.snapshot import VERSION_TABLE, snapshot_query
    from release_checks.walk.stepper import down, up

    history = History.load(alembic_config())
    output = io.StringIO()

    def steps(_heads: object, context: MigrationContext) -> Iterator[MigrationStep]:
        mark = (lambda: context.impl.static_output(SNAPSHOT)) if snapshots else (lambda: None)
        for revision in history.revisions:
            yield up(history, revision)
            mark()
        for revision in reversed(history.revisions):
            yield down(history, revision)
            mark()
        for revision in history.revisions:
            yield up(history, revision)

    environment = EnvironmentContext(alembic_config(), history.script, fn=steps)
    with environment:
        environment.configure(
            dialect_name="postgresql",
            as_sql=True,
            output_buffer=output,
            transaction_per_migration=True,
            literal_binds=True,
        )
        with environment.begin_transaction():
            environment.run_migrations()
    # Offline, alembic creates its version table whenever it starts from base; online, it
    # creates the table once and keeps it.
    steps_sql = output.getvalue().replace(
        f"CREATE TABLE {VERSION_TABLE}", f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE}"
    )
    setup = "SET synchronous_commit = off;\n"  # as the walk does
    if not snapshots:
        return setup + steps_sql
    query = str(snapshot_query())
    return f"{setup}PREPARE snapshot AS {query};\n{SNAPSHOT}\n{steps_sql}{SNAPSHOT}\n"


if __name__ == "__main__":
    print(walk_sql(Path(sys.argv[1]).resolve(), "--snapshots" in sys.argv[2:]))
