"""Every revision can be undone: downgrade() undoes exactly what upgrade() did, last
first."""

from itertools import zip_longest

from .changes import describe
from .recorder import Recording
from .revisions import Revision
from .rules import Violation, violation


def check_downgrade(revision: Revision, recording: Recording) -> list[Violation]:
    upgrade, downgrade = recording.upgrade, recording.downgrade

    def flag(rule: str, line: int, message: str) -> list[Violation]:
        return [violation(rule, revision.path, line, message)]

    if not downgrade.defined:
        return flag("downgrade-empty", 1, "has no downgrade()")
    if downgrade.unwritten:
        return flag(
            "downgrade-empty",
            downgrade.line,
            "downgrade() is unwritten: it raises NotImplementedError",
        )
    if upgrade.failure or downgrade.failure or upgrade.unwritten:
        return []  # offline-sql reports it; the steps recorded are incomplete
    if upgrade.steps and not downgrade.steps:
        message = f"downgrade() does nothing, while upgrade() does {len(upgrade.steps)} thing(s)"
        return flag("downgrade-empty", downgrade.line, message)

    undoing = zip_longest(reversed(upgrade.steps), downgrade.steps)
    for done, undone in undoing:
        if undone is None:
            assert done is not None  # noqa: S101 (zip_longest pads one side only)
            change = describe(done.operation)
            message = f"downgrade() never does `{change.inverse()}` to undo line {done.line}"
            return flag("downgrade-mismatch", downgrade.line, message)
        if done is None:
            message = f"downgrade() does `{describe(undone.operation)}`, which upgrade() never did"
            return flag("downgrade-mismatch", undone.line, message)
        change, reverse = describe(done.operation), describe(undone.operation)
        if not change.undone_by(reverse):
            message = (
                f"downgrade() does `{reverse}` where the reverse of line {done.line} "
                f"(`{change}`) is `{change.inverse()}`"
            )
            return flag("downgrade-mismatch", undone.line, message)
    return []
