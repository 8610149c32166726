"""Differences a person can read: between two schema snapshots, and between the models
and the database."""

import difflib

from alembic.autogenerate import render_python_code
from alembic.operations.ops import UpgradeOps

from release_checks.walk.snapshot import Snapshot


def snapshot_diff(before_snapshot: Snapshot, after_snapshot: Snapshot) -> str:
    """One line per object that differs: `+` only after, `-` only before, `~` changed
    (with a line diff of its definition)."""
    before, after = before_snapshot.objects, after_snapshot.objects
    lines = []

    def entry(sign: str, kind: str, name: str, definition: str) -> str:
        return f"{sign} {kind} {name}" + (f": {definition}" if definition else "")

    for key in sorted(before.keys() | after.keys()):
        kind, name = key
        if key not in after:
            lines.append(entry("-", kind, name, before[key]))
        elif key not in before:
            lines.append(entry("+", kind, name, after[key]))
        elif before[key] != after[key]:
            lines.append(f"~ {kind} {name}")
            was, now = before[key].splitlines(), after[key].splitlines()
            if len(was) <= 1 and len(now) <= 1:  # most definitions are one line
                lines.append(f"    before: {before[key] or '(nothing)'}")
                lines.append(f"    after:  {after[key] or '(nothing)'}")
            else:
                changes = difflib.unified_diff(was, now, lineterm="", n=1)
                lines.extend(f"    {change}" for change in list(changes)[2:])  # past ---/+++
    return "\n".join(lines)


def drift_diff(operations: UpgradeOps) -> str:
    """The revision the models still need, as autogenerate would write it."""
    return render_python_code(operations, migration_context=None).strip()
