"""Step through revisions on one connection, without the `alembic` command or env.py.

Each step configures a fresh migration context on the same connection and runs revision
modules the `History` already loaded, so a walk over hundreds of revisions pays neither a
new engine nor a re-read of the files per step. It does what env.py's online mode does
(one transaction per revision, so `autocommit_block()` works) and none of what env.py
adds for production (locks, timeouts), which the tests of env.py itself cover.
"""

from collections.abc import Callable, Sequence

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, MigrationStep
from alembic.script import Script
from sqlalchemy import Connection, MetaData

from migration_tools.history import History
from migration_tools.snapshot import Snapshot, take_snapshot

StepsFn = Callable[[Sequence[str], MigrationContext], Sequence[MigrationStep]]


class Stepper:
    """Moves one database through the history, on the connection it is given."""

    version_table = "alembic_version"

    def __init__(
        self, connection: Connection, config: Config, history: History, metadata: MetaData
    ) -> None:
        self.connection = connection
        self.config = config
        self.history = history
        self.metadata = metadata
        # A throwaway test database needs no durability: not waiting for the WAL flush
        # at each of the walk's hundreds of commits saves a good part of its time.
        self._end_transaction()
        connection.exec_driver_sql("SET synchronous_commit = off")
        connection.commit()

    def upgrade_one(self, revision: Script) -> None:
        """Apply `revision` alone; the database must be at its down revision."""
        self._run(lambda _heads, _context: [self._up(revision)])

    def downgrade_one(self, revision: Script) -> None:
        """Undo `revision` alone; the database must be at it."""
        self._run(lambda _heads, _context: [self._down(revision)])

    def upgrade(self) -> None:
        """Upgrade from wherever the database is to the head, in one run."""
        revisions = self.history.revisions
        self._run(
            lambda heads, _context: [self._up(r) for r in revisions[self._position(heads) + 1 :]]
        )

    def downgrade(self) -> None:
        """Downgrade from wherever the database is to base, in one run."""
        revisions = self.history.revisions
        self._run(
            lambda heads, _context: [
                self._down(r) for r in reversed(revisions[: self._position(heads) + 1])
            ]
        )

    def current(self) -> tuple[str, ...]:
        """The revisions the database is at (empty at base)."""
        context = MigrationContext.configure(
            self.connection, opts={"version_table": self.version_table}
        )
        heads = context.get_current_heads()
        self._end_transaction()
        return heads

    def snapshot(self) -> Snapshot:
        """The schema as it is now (see `snapshot`), without the version table."""
        snapshot = take_snapshot(self.connection, version_table=self.version_table)
        self._end_transaction()
        return snapshot

    def _run(self, steps: StepsFn) -> None:
        # The migration context must own its transactions (one per revision): it takes a
        # transaction already open on the connection for the caller's and nests every
        # revision in it, which `autocommit_block()` cannot survive.
        self._end_transaction()
        environment = EnvironmentContext(self.config, self.history.script, fn=steps)
        with environment:  # installs `alembic.context`, which revisions may consult
            environment.configure(
                connection=self.connection,
                target_metadata=self.metadata,
                version_table=self.version_table,
                transaction_per_migration=True,
            )
            with environment.begin_transaction():
                environment.run_migrations()

    def _up(self, revision: Script) -> MigrationStep:
        return MigrationStep.upgrade_from_script(self.history.script.revision_map, revision)

    def _down(self, revision: Script) -> MigrationStep:
        return MigrationStep.downgrade_from_script(self.history.script.revision_map, revision)

    def _position(self, heads: Sequence[str]) -> int:
        """Where in the (one-line) history the database is: -1 at base."""
        if not heads:
            return -1
        (head,) = heads
        return self.history.index(head)

    def _end_transaction(self) -> None:
        if self.connection.in_transaction():
            self.connection.rollback()
