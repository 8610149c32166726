"""One walk through the history, and the verdicts it gives.

The walk makes the checks the migration tests report, in the order that makes each
meaningful, on one connection, in three runs of steps (each one migration context), with
drift checked between the first two:

1. up: every revision upgraded in order, the rules judged on what each upgrade did to
   the catalog (catalog.py) (verdict `rules`; a step that fails: `stairway`);
   then, at head, the models compared with the schema (`drift`);
2. down: every revision downgraded, from head back to where the walk started, in one run
   (as `alembic downgrade` runs them), each leaving the schema exactly as it was before
   that revision's upgrade, and its tables' rows too (a seed left behind is what a
   second upgrade would meet, though the earlier downgrades may drop its table before
   run 3 sees it): no trace (`downgrade`, a step that fails too);
3. up again: every revision upgraded again after its downgrade, back to the schema at
   head the first run made (`stairway`).

So each revision goes up, down and up again: three steps per revision. The schemas of
run 1 are not all kept: what each upgrade changed is, and run 2 undoes those changes one
by one to know what each downgrade must give back.

A walk starts on an empty database (base), or on one restored from a proof at the end of
a proven prefix of the history (proofs/store.py): then it covers what follows, and drift is
checked as always. It ends at head, where the database can become the proof of the
whole history (proofs/harness.py).

A check that fails stops the walk (what follows would fail for the same reason, or not
mean much; drift aside, which the downgrades do not depend on); its verdict names the
revision and says what differs, and the checks it kept from running say they were not
reached.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from alembic.config import Config
from alembic.runtime.migration import MigrationStep
from alembic.script import Script
from sqlalchemy import Connection, MetaData
from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.project_slug }}.db.connect import reason
from {{ cookiecutter.project_slug }}.db.deprecation import deprecations
from {{ cookiecutter.project_slug }}.db.errors import error_line

from release_checks.acknowledgements import CATALOG_ONLY, Acknowledgement, Elsewhere
from release_checks.history import History, revision_name
from release_checks.project import RuleSettings
from release_checks.release import unknown_head
from release_checks.walk.catalog import call_probe, judge_upgrade, never_done_line
from release_checks.walk.diff import snapshot_diff
from release_checks.walk.drift import model_drift
from release_checks.walk.snapshot import (
    Snapshot,
    left_validated,
    prepare_snapshots,
    rows_left,
    take_rows,
    take_snapshot,
)
from release_checks.walk.stepper import down, end_transaction, prepare, run_steps, up

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

    stairway: str | None = NOT_REACHED  # every step runs: up, down and up again, alike
    rules: str | None = NOT_REACHED  # each upgrade keeps the rules, on the catalog
    drift: str | None = NOT_REACHED  # the models match the schema at head
    downgrade: str | None = NOT_REACHED  # back down to the start, each leaving no trace
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
    settings: RuleSettings,
) -> Verdicts:
    """The whole walk from base, on one connection to an empty database. `settings`: the
    project's version and rule settings, which acknowledgements need."""
    whole = Walk(config, history, metadata, settings)
    whole.run(connection)
    return whole.verdicts


# What an upgrade changed: each object it added, changed or removed, and its definition
# before (None: it did not exist).
Changes = dict[tuple[str, str], str | None]


def _broken(name: str, lines: list[str]) -> MigrationError:
    return MigrationError(
        "rules",
        f"upgrade to {name} breaks the migration rules, as the catalog shows "
        "(however its SQL was written):\n" + "\n".join(f"  {line}" for line in lines),
    )


class Walk:
    """A walk from the database's state after `history.revisions[:start]` (base: 0)."""

    def __init__(
        self,
        config: Config,
        history: History,
        metadata: MetaData,
        settings: RuleSettings,
        start: int = 0,
    ) -> None:
        self.config = config
        self.history = history
        self.metadata = metadata
        self.settings = settings
        self.start = start
        self.verdicts = Verdicts(restored=start)
        self.declared = deprecations(metadata)  # what the drops are counted from
        self.doing = ""  # the step alembic is running, to name it if it fails
        self.top: Snapshot | None = None  # the schema at head, once the walk has passed
        # the entries of the upgrades judged so far that matched nothing, to name them
        self.elsewhere = Elsewhere()

    @property
    def walked(self) -> tuple[Script, ...]:
        return self.history.revisions[self.start :]

    def run(self, connection: Connection, bottom: Snapshot | None = None) -> None:
        """The walk, from the schema `bottom` (read here unless given)."""
        self._begin(connection)
        bottom = bottom if bottom is not None else self.snapshot()
        changes: list[Changes] = []
        rows: list[dict[str, str]] = []  # each table's rows before each upgrade
        if not self._steps(self._up(bottom, changes, rows)) or self.top is None:
            return
        self._drift()
        if self._steps(self._down(self.top, changes, rows), "downgrade"):
            self._steps(self._up_again())

    def climb(self, connection: Connection) -> Snapshot:
        """Upgrade from where the walk started to head, without checks (each step was
        proven already); the schema at head. Raises what a step raises."""
        self._begin(connection)
        steps = (up(self.history, revision) for revision in self.walked)
        run_steps(connection, self.config, self.history, self.metadata, steps)
        return self.snapshot()

    def _begin(self, connection: Connection) -> None:
        """Run steps and read snapshots on `connection` from now on."""
        self.connection = connection
        prepare(connection)
        prepare_snapshots(connection)

    def _steps(self, steps: Iterator[MigrationStep], check: str = "stairway") -> bool:
        """Run `steps`; whether all ran and every check between them passed (else the
        verdict of the check that failed says why: a step that fails, `check`'s)."""
        try:
            run_steps(self.connection, self.config, self.history, self.metadata, steps)
        except MigrationError as failure:
            setattr(self.verdicts, failure.check, str(failure))  # a check between steps
        except Exception as error:
            # the server's words, as env.py says them, not SQLAlchemy's wrapping of them
            why = reason(error) if isinstance(error, DBAPIError) else error_line(error)
            said = f"{self.doing} failed: {why}"
            setattr(self.verdicts, check, said)
        else:
            return True
        return False

    def released(self) -> int:
        """How many revisions of the history the last release shipped (its record's
        head and below): the rules no longer judge them."""
        released = self.settings.released
        head = released.head if released is not None else None
        if head is None:
            return 0
        ids = [revision.revision for revision in self.history.revisions]
        if head in ids:
            return ids.index(head) + 1
        try:
            self.history.script.get_revision(head)
        except Exception:  # alembic says "not found" several ways
            raise MigrationError("rules", unknown_head(head)) from None
        return len(ids)  # after this prefix of the history

    def _up(
        self, before: Snapshot, changes: list[Changes], rows: list[dict[str, str]]
    ) -> Iterator[MigrationStep]:
        """Run 1: every revision up, from the schema `before`, judged by the rules unless
        released already; what each changed appended to `changes`."""
        released = self.released()
        unused: list[tuple[str, Acknowledgement]] = []  # (the revision, named; the entry)
        for position, revision in enumerate(self.walked, start=self.start):
            name = revision_name(revision)
            self.verdicts.walked += 1
            for function in ("upgrade", "downgrade"):
                if not callable(getattr(revision.module, function, None)):
                    raise MigrationError("stairway", f"{name} has no {function}() function")
            self.doing = f"upgrade to {name}"
            rows.append(self.rows())
            yield up(self.history, revision)
            after = self.snapshot()
            if position >= released:
                judged = judge_upgrade(
                    revision,
                    before,
                    after,
                    self.settings,
                    self.declared,
                    self.elsewhere,
                    call_probe(self.connection),
                )
                if judged.broken:
                    raise _broken(name, judged.broken)
                unused += [(name, entry) for entry in judged.unused if entry.rule in CATALOG_ONLY]
                self.elsewhere.add(name, judged.unused, ())
            was, now = before.objects, after.objects
            changes.append({key: was.get(key) for key, _ in was.items() ^ now.items()})
            before = after
        if unused:  # no later upgrade did what they acknowledge either
            name, _ = unused[0]
            raise _broken(name, [never_done_line(entry) for at, entry in unused if at == name])
        self.verdicts.rules = None
        self.top = before

    def _drift(self) -> None:
        needed = model_drift(self.connection, self.metadata)
        end_transaction(self.connection)
        self.verdicts.drift = (
            f"the models differ from the schema at head; they need:\n{needed}" if needed else None
        )

    def _down(
        self, top: Snapshot, changes: list[Changes], rows: list[dict[str, str]]
    ) -> Iterator[MigrationStep]:
        """Run 2: every revision down from the schema `top` at head, each leaving the
        schema as it was before its upgrade (`top` with the changes of the upgrades
        undone, from the last)."""
        expected = dict(top.objects)
        undone = zip(reversed(self.walked), reversed(changes), reversed(rows), strict=True)
        for revision, changed, rows_before in undone:
            name = revision_name(revision)
            self.doing = f"downgrade of {name}"
            yield down(self.history, revision)
            for key, definition in changed.items():
                if definition is None:
                    del expected[key]
                else:
                    expected[key] = definition
            restored = self.snapshot()
            expected = left_validated(expected, restored.objects)
            if restored.objects != expected:
                raise MigrationError(
                    "downgrade",
                    f"downgrade of {name} did not leave the schema as it found it\n"
                    f"(- gone after the downgrade, + left behind, ~ changed):\n"
                    f"{snapshot_diff(Snapshot(expected, {}), restored)}",
                )
            if left := rows_left(rows_before, self.rows()):
                raise MigrationError(
                    "downgrade",
                    f"downgrade of {name} did not leave the rows as it found them in "
                    f"{', '.join(left)} (a second upgrade meets them: a seeded row's unique "
                    "name, say)",
                )
        self.verdicts.downgrade = None

    def _up_again(self) -> Iterator[MigrationStep]:
        """Run 3: every revision up again after its downgrade, back to the schema at head."""
        for revision in self.walked:
            self.doing = (
                f"upgrade to {revision_name(revision)} again after its downgrade (did the "
                "downgrade leave something behind outside the schema, such as a role?)"
            )
            yield up(self.history, revision)
        if self.walked and self.top is not None and (again := self.snapshot()) != self.top:
            raise MigrationError(
                "stairway",
                "upgrading every revision again after the downgrades did not give the "
                "schema the first upgrades gave\n(- only the first time, + only the second, "
                f"~ changed):\n{snapshot_diff(self.top, again)}",
            )
        self.verdicts.stairway = None

    def rows(self) -> dict[str, str]:
        rows = take_rows(self.connection)
        end_transaction(self.connection)
        return rows

    def snapshot(self) -> Snapshot:
        snapshot = take_snapshot(self.connection)
        end_transaction(self.connection)
        return snapshot
