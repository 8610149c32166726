"""One table per revision, so each can be reviewed, applied and undone alone."""

from .changes import describe
from .recorder import Run
from .revisions import Revision
from .rules import Violation, violation

# A revision that must change several tables at once says why in this variable.
REASON = "several_tables_because"


def check_one_table(revision: Revision, upgrade: Run) -> list[Violation]:
    reason = getattr(revision.module, REASON, None)
    if isinstance(reason, str) and reason.strip():
        return []
    first: str | None = None
    for step in upgrade.steps:
        table = describe(step.operation).table
        if first is None:
            first = table
        elif table is not None and table != first:
            message = f"changes {first} and {table}; one table per revision, or set `{REASON}`"
            return [violation("one-table", revision.path, step.line, message)]
    return []
