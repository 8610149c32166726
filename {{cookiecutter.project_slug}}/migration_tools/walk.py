"""One walk through the whole history, and the verdicts it gives.

The walk makes the checks the migration tests report, in the order that makes each
meaningful, on one connection to an empty database and in one migration context:

1. the stairway: for each revision in order, upgrade, downgrade one step, upgrade again,
   with the schema before its upgrade and after its downgrade compared (no trace);
2. the rules, judged on the catalog: what the upgrade run again did to the schema its
   downgrade restored (catalog_rules.py); once the no-trace check has passed, that schema
   is the one the first upgrade started from, so no snapshot is taken for it alone;
3. at head, compare the models with the schema (drift);
4. downgrade from head to base in one run; the schema must be as empty as it was.

A check that fails stops the walk (what follows would fail for the same reason, or not
mean much); its verdict names the revision and says what differs, and the checks it
kept from running say they were not reached.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from alembic.config import Config
from alembic.runtime.migration import MigrationStep
from sqlalchemy import Connection, MetaData

from migration_tools.catalog_rules import judge_upgrade
from migration_tools.diff import snapshot_diff
from migration_tools.drift import model_drift
from migration_tools.gate import GateSettings
from migration_tools.history import History, describe
from migration_tools.snapshot import Snapshot, prepare_snapshots, take_snapshot
from migration_tools.stepper import down, end_transaction, prepare, run_steps, up

NOT_REACHED = "not reached: an earlier check of the walk failed (see it)"


class MigrationError(AssertionError):
    """A check of the walk failed; the message names the revision and what went wrong."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check  # the verdict it decides


@dataclass
class Verdicts:
    """For each check: None when it passed, NOT_REACHED when an earlier one failed and
    stopped the walk, else why it failed."""

    stairway: str | None = NOT_REACHED
    rules: str | None = NOT_REACHED
    drift: str | None = NOT_REACHED
    downgrade: str | None = NOT_REACHED


def walk(
    connection: Connection,
    config: Config,
    history: History,
    metadata: MetaData,
    settings: GateSettings,
) -> Verdicts:
    """`settings`: the project's version and rule settings, which acknowledgements need."""
    return _Walk(connection, history, metadata, settings).run(config)


class _Walk:
    def __init__(
        self, connection: Connection, history: History, metadata: MetaData, settings: GateSettings
    ) -> None:
        self.connection = connection
        self.history = history
        self.metadata = metadata
        self.settings = settings
        self.verdicts = Verdicts()
        self.doing = ""  # the step alembic is running, to name it if it fails
        self.check = "stairway"  # the verdict a failing step decides

    def run(self, config: Config) -> Verdicts:
        prepare(self.connection)
        prepare_snapshots(self.connection)
        empty = self.snapshot()
        try:
            self._run_steps(config)
            left = snapshot_diff(empty, self.snapshot())
            if left:
                raise MigrationError(
                    "downgrade", f"downgrade from head to base left the schema changed:\n{left}"
                )
            self.verdicts.downgrade = None
        except MigrationError as failure:
            setattr(self.verdicts, failure.check, str(failure))
        return self.verdicts

    def _run_steps(self, config: Config) -> None:
        try:
            run_steps(self.connection, config, self.history, self.metadata, self.steps())
        except MigrationError:
            raise  # a check between steps failed, and said why
        except Exception as error:
            message = f"{self.doing} failed: {type(error).__name__}: {error}"
            raise MigrationError(self.check, message) from error

    def steps(self) -> Iterator[MigrationStep]:
        """The steps of the whole walk; between them, the checks that read the schema."""
        before = self.snapshot()
        for revision in self.history.revisions:
            name = describe(revision)
            for function in ("upgrade", "downgrade"):
                if not callable(getattr(revision.module, function, None)):
                    raise MigrationError("stairway", f"{name} has no {function}() function")
            self.doing = f"upgrade to {name}"
            yield up(self.history, revision)
            self.doing = f"downgrade of {name}"
            yield down(self.history, revision)
            restored = self.snapshot()
            if restored != before:
                raise MigrationError(
                    "stairway",
                    f"downgrade of {name} did not leave the schema as it found it\n"
                    f"(- gone after the downgrade, + left behind, ~ changed):\n"
                    f"{snapshot_diff(before, restored)}",
                )
            self.doing = (
                f"upgrade to {name} again after its downgrade (did the downgrade leave "
                "something behind outside the schema, such as a role?)"
            )
            yield up(self.history, revision)
            before = self.snapshot()
            if broken := judge_upgrade(revision, restored, before, self.settings):
                raise MigrationError(
                    "rules",
                    f"upgrade to {name} breaks the migration rules, as the catalog shows "
                    "(however its SQL was written):\n" + "\n".join(f"  {line}" for line in broken),
                )
        self.verdicts.stairway = self.verdicts.rules = None

        needed = model_drift(self.connection, self.metadata)
        end_transaction(self.connection)
        self.verdicts.drift = (
            f"the models differ from the schema at head; they need:\n{needed}" if needed else None
        )

        self.check = "downgrade"
        for revision in reversed(self.history.revisions):
            self.doing = f"downgrade of {describe(revision)} in the run from head to base"
            yield down(self.history, revision)

    def snapshot(self) -> Snapshot:
        snapshot = take_snapshot(self.connection)
        end_transaction(self.connection)
        return snapshot
