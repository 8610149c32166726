"""The stairway walk: every revision up, down and up again, proving on the way that each
downgrade leaves the schema exactly as it found it."""

from collections.abc import Callable

from alembic.script import Script

from migration_tools.diff import snapshot_diff
from migration_tools.history import describe
from migration_tools.stepper import Stepper


class MigrationError(AssertionError):
    """A revision failed a step; the message names it and says what went wrong."""


def walk_stairway(stepper: Stepper) -> int:
    """From an empty database, for each revision in order: snapshot, upgrade, downgrade one
    step, snapshot again (must equal the first), upgrade again. Raises `MigrationError`
    at the first revision that fails; returns how many revisions were walked."""
    for revision in stepper.history.revisions:
        name = describe(revision)
        before = stepper.snapshot()
        _step(f"upgrade to {name}", stepper.upgrade_one, revision)
        _step(f"downgrade of {name}", stepper.downgrade_one, revision)
        after = stepper.snapshot()
        if after != before:
            raise MigrationError(
                f"downgrade of {name} did not leave the schema as it found it "
                f"(- gone after the downgrade, + left behind, ~ changed):\n"
                f"{snapshot_diff(before, after)}"
            )
        _step(f"upgrade to {name} again after its downgrade", stepper.upgrade_one, revision)
    return len(stepper.history.revisions)


def _step(what: str, action: Callable[[Script], None], revision: Script) -> None:
    try:
        action(revision)
    except Exception as error:
        raise MigrationError(f"{what} failed: {type(error).__name__}: {error}") from error
