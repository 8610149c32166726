"""One walk through the history, and the verdicts it gives.

The walk makes the checks the migration tests report, in the order that makes each
meaningful, on one connection and in one migration context:

1. the stairway: for each revision in order, upgrade, downgrade one step, upgrade again,
   with the schema before its upgrade and after its downgrade compared (no trace);
2. the rules, judged on the catalog: what the upgrade run again did to the schema its
   downgrade restored (catalog_rules.py); once the no-trace check has passed, that schema
   is the one the first upgrade started from, so no snapshot is taken for it alone;
3. at head, compare the models with the schema (drift);
4. downgrade from head to where the walk started in one run; the schema must be as it
   was there.

A walk starts on an empty database (base), or on one restored from a proof at the end of
a proven prefix of the history (proofs.py): then steps 1, 2 and 4 cover what follows it,
and step 3 is made as always. `Walk.stairway` makes steps 1 and 2, `Walk.drift` 3 and
`Walk.downgrade` 4, each on a connection of its own, so that the database can be copied
between them (at head, before step 4, a copy is the proof of the history: harness.py).

A check that fails stops the walk (what follows would fail for the same reason, or not
mean much); its verdict names the revision and says what differs, and the checks it
kept from running say they were not reached.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from alembic.config import Config
from alembic.runtime.migration import MigrationStep
from alembic.script import Script
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
    stopped the walk, else why it failed. And how many revisions were restored from a
    proof, how many the stairway walked after them, and whether the schema at head was
    kept as the proof of the history."""

    stairway: str | None = NOT_REACHED
    rules: str | None = NOT_REACHED
    drift: str | None = NOT_REACHED
    downgrade: str | None = NOT_REACHED
    restored: int = 0
    walked: int = 0
    kept: bool = False

    @property
    def passed(self) -> bool:
        return not (self.stairway or self.rules or self.drift or self.downgrade)


def walk(
    connection: Connection,
    config: Config,
    history: History,
    metadata: MetaData,
    settings: GateSettings,
) -> Verdicts:
    """The whole walk from base, on one connection to an empty database. `settings`: the
    project's version and rule settings, which acknowledgements need."""
    whole = Walk(config, history, metadata, settings)
    whole.stairway(connection)
    whole.finish(connection)
    return whole.verdicts


class Walk:
    """A walk from the database's state after `history.revisions[:start]` (base: 0)."""

    def __init__(
        self,
        config: Config,
        history: History,
        metadata: MetaData,
        settings: GateSettings,
        start: int = 0,
    ) -> None:
        self.config = config
        self.history = history
        self.metadata = metadata
        self.settings = settings
        self.start = start
        self.verdicts = Verdicts(restored=start)
        self.doing = ""  # the step alembic is running, to name it if it fails
        self.check = "stairway"  # the verdict a failing step decides
        self.bottom: Snapshot | None = None  # the schema where the walk started
        self.top: Snapshot | None = None  # the schema at head, once the stairway passed
        self._prepared: Connection | None = None  # the session the snapshots are planned on

    @property
    def walked(self) -> tuple[Script, ...]:
        return self.history.revisions[self.start :]

    def stairway(self, connection: Connection, bottom: Snapshot | None = None) -> None:
        """Steps 1 and 2, from the schema `bottom` (read here unless given)."""
        self._begin(connection)
        self.bottom = bottom if bottom is not None else self.snapshot()
        self._run(self._stairway_steps(self.bottom))

    def finish(self, connection: Connection) -> None:
        """Steps 3 and 4 on one connection."""
        self.drift(connection)
        self.downgrade(connection)

    def drift(self, connection: Connection) -> None:
        """Step 3, once the stairway passed."""
        if self.verdicts.stairway is not None or self.verdicts.rules is not None:
            return
        self._begin(connection)
        needed = model_drift(connection, self.metadata)
        end_transaction(connection)
        self.verdicts.drift = (
            f"the models differ from the schema at head; they need:\n{needed}" if needed else None
        )

    def downgrade(self, connection: Connection) -> None:
        """Step 4, once the stairway passed; the database is left where the walk started."""
        if self.verdicts.stairway is not None or self.verdicts.rules is not None:
            return
        self._begin(connection)
        self.check = "downgrade"
        self._run(self._downgrade_steps())
        where = "base" if self.start == 0 else describe(self.history.revisions[self.start - 1])
        if self.verdicts.downgrade == NOT_REACHED and self.bottom is not None:
            left = snapshot_diff(self.bottom, self.snapshot())
            self.verdicts.downgrade = (
                f"downgrade from head to {where} left the schema changed:\n{left}" if left else None
            )

    def climb(self, connection: Connection) -> Snapshot:
        """Upgrade again from where the walk started to head, without checks (each step
        was proven already); the schema at head. Raises what a step raises."""
        self._begin(connection)
        steps = (up(self.history, revision) for revision in self.walked)
        run_steps(connection, self.config, self.history, self.metadata, steps)
        return self.snapshot()

    def _begin(self, connection: Connection) -> None:
        prepare(connection)
        if connection is not self._prepared:
            prepare_snapshots(connection)  # once per session
            self._prepared = connection
        self.connection = connection

    def _run(self, steps: Iterator[MigrationStep]) -> None:
        try:
            run_steps(self.connection, self.config, self.history, self.metadata, steps)
        except MigrationError as failure:
            setattr(self.verdicts, failure.check, str(failure))  # a check between steps
        except Exception as error:
            message = f"{self.doing} failed: {type(error).__name__}: {error}"
            setattr(self.verdicts, self.check, message)

    def _stairway_steps(self, before: Snapshot) -> Iterator[MigrationStep]:
        """Every revision up, down, up from the schema `before`; between the steps, the
        checks that read the schema."""
        for revision in self.walked:
            name = describe(revision)
            self.verdicts.walked += 1
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
        self.top = before

    def _downgrade_steps(self) -> Iterator[MigrationStep]:
        for revision in reversed(self.walked):
            self.doing = f"downgrade of {describe(revision)} in the run from head down"
            yield down(self.history, revision)

    def snapshot(self) -> Snapshot:
        snapshot = take_snapshot(self.connection)
        end_transaction(self.connection)
        return snapshot
