"""One walk through the whole history, and the verdicts it gives.

The walk makes the checks the migration tests report, in the order that makes each
meaningful, on one connection to an empty database and in one migration context:

1. the stairway: for each revision in order, upgrade, downgrade one step, upgrade again,
   with the schema before its upgrade and after its downgrade compared (no trace);
2. at head, compare the models with the schema (drift);
3. downgrade from head to base in one run; the schema must be as empty as it was.

A check that fails stops the walk (what follows would fail for the same reason, or not
mean much); its verdict names the revision and says what differs.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from alembic.config import Config
from alembic.runtime.migration import MigrationStep
from sqlalchemy import Connection, MetaData

from migration_tools.diff import snapshot_diff
from migration_tools.drift import model_drift
from migration_tools.history import History, describe
from migration_tools.snapshot import Snapshot, take_snapshot
from migration_tools.stepper import down, end_transaction, prepare, run_steps, up

NOT_REACHED = "not reached: an earlier check of the walk failed (see it)"


class MigrationError(AssertionError):
    """A step of the walk failed; the message names the revision and what went wrong."""


@dataclass
class Verdicts:
    """For each check: None when it passed, else why it failed."""

    stairway: str | None = NOT_REACHED
    drift: str | None = NOT_REACHED
    downgrade: str | None = NOT_REACHED

    def fail_first_unreached(self, failure: str) -> None:
        for check, verdict in vars(self).items():
            if verdict == NOT_REACHED:
                setattr(self, check, failure)
                return


def walk(connection: Connection, config: Config, history: History, metadata: MetaData) -> Verdicts:
    return _Walk(connection, history, metadata).run(config)


class _Walk:
    def __init__(self, connection: Connection, history: History, metadata: MetaData) -> None:
        self.connection = connection
        self.history = history
        self.metadata = metadata
        self.verdicts = Verdicts()
        self.doing = ""  # the step alembic is running, to name it if it fails

    def run(self, config: Config) -> Verdicts:
        prepare(self.connection)
        empty = self.snapshot()
        try:
            self._run_steps(config)
            left = snapshot_diff(empty, self.snapshot())
            if left:
                raise MigrationError(
                    f"downgrade from head to base left the schema changed:\n{left}"
                )
            self.verdicts.downgrade = None
        except MigrationError as failure:
            self.verdicts.fail_first_unreached(str(failure))
        return self.verdicts

    def _run_steps(self, config: Config) -> None:
        try:
            run_steps(self.connection, config, self.history, self.metadata, self.steps())
        except MigrationError:
            raise  # a check between steps failed, and said why
        except Exception as error:
            raise MigrationError(f"{self.doing} failed: {type(error).__name__}: {error}") from error

    def steps(self) -> Iterator[MigrationStep]:
        """The steps of the whole walk; between them, the checks that read the schema."""
        for revision in self.history.revisions:
            name = describe(revision)
            before = self.snapshot()
            yield self.step(f"upgrade to {name}", up(self.history, revision))
            yield self.step(f"downgrade of {name}", down(self.history, revision))
            after = self.snapshot()
            if after != before:
                raise MigrationError(
                    f"downgrade of {name} did not leave the schema as it found it\n"
                    f"(- gone after the downgrade, + left behind, ~ changed):\n"
                    f"{snapshot_diff(before, after)}"
                )
            again = f"upgrade to {name} again after its downgrade"
            yield self.step(again, up(self.history, revision))
        self.verdicts.stairway = None

        needed = model_drift(self.connection, self.metadata)
        end_transaction(self.connection)
        self.verdicts.drift = (
            f"the models differ from the schema at head; they need:\n{needed}" if needed else None
        )

        for revision in reversed(self.history.revisions):
            doing = f"downgrade of {describe(revision)} in the run from head to base"
            yield self.step(doing, down(self.history, revision))

    def step(self, doing: str, step: MigrationStep) -> MigrationStep:
        self.doing = doing
        return step

    def snapshot(self) -> Snapshot:
        snapshot = take_snapshot(self.connection)
        end_transaction(self.connection)
        return snapshot
