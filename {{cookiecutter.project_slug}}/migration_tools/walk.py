"""One walk through the whole history, and the verdicts it gives.

The walk makes the checks the migration tests report, in the order that makes each
meaningful, on one connection to an empty database:

1. the stairway: for each revision in order, upgrade, downgrade one step, upgrade again,
   with the schema before its upgrade and after its downgrade compared (no trace);
2. at head, compare the models with the schema (drift);
3. downgrade from head to base in one run; the schema must be as empty as it was.

A check that fails stops the walk (what follows would fail for the same reason, or not
mean much); its verdict names the revision and says what differs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from alembic.script import Script
from sqlalchemy import MetaData

from migration_tools.diff import snapshot_diff
from migration_tools.drift import model_drift
from migration_tools.history import describe
from migration_tools.stepper import Stepper

NOT_REACHED = "not reached: an earlier check of the walk failed (see it)"


class MigrationError(AssertionError):
    """A step of the walk failed; the message names the revision and what went wrong."""


@dataclass
class Verdicts:
    """For each check: None when it passed, else why it failed."""

    stairway: str | None = NOT_REACHED
    drift: str | None = NOT_REACHED
    downgrade: str | None = NOT_REACHED


def walk(stepper: Stepper, metadata: MetaData) -> Verdicts:
    verdicts = Verdicts()
    empty = stepper.snapshot()
    try:
        walk_stairway(stepper)
        verdicts.stairway = None

        needed = model_drift(stepper.connection, metadata)
        if needed:
            verdicts.drift = f"the models differ from the schema at head; they need:\n{needed}"
        else:
            verdicts.drift = None

        _attempt("downgrade from head to base", stepper.downgrade)
        left = snapshot_diff(empty, stepper.snapshot())
        if left:
            raise MigrationError(f"downgrade from head to base left the schema changed:\n{left}")
        verdicts.downgrade = None
    except MigrationError as failure:
        for check, verdict in vars(verdicts).items():
            if verdict == NOT_REACHED:
                setattr(verdicts, check, str(failure))
                break
    return verdicts


def walk_stairway(stepper: Stepper) -> None:
    """From an empty database, for each revision in order: snapshot, upgrade, downgrade one
    step, snapshot again (must equal the first), upgrade again. Raises `MigrationError`
    at the first revision that fails; ends at head."""
    for revision in stepper.history.revisions:
        name = describe(revision)
        before = stepper.snapshot()
        _attempt(f"upgrade to {name}", stepper.upgrade_one, revision)
        _attempt(f"downgrade of {name}", stepper.downgrade_one, revision)
        after = stepper.snapshot()
        if after != before:
            raise MigrationError(
                f"downgrade of {name} did not leave the schema as it found it\n"
                f"(- gone after the downgrade, + left behind, ~ changed):\n"
                f"{snapshot_diff(before, after)}"
            )
        _attempt(f"upgrade to {name} again after its downgrade", stepper.upgrade_one, revision)


def _attempt(what: str, action: Callable[..., None], *revision: Script) -> None:
    try:
        action(*revision)
    except Exception as error:
        raise MigrationError(f"{what} failed: {type(error).__name__}: {error}") from error
