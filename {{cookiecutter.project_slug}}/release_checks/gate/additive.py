"""Only add: what upgrade() may not do to the schema that exists, unless acknowledged
(acknowledgements.py says how, and counts the releases a drop waits for)."""

from collections.abc import Sequence

from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation

from ..acknowledgements import (
    CATALOG_ONLY,
    DROPS,
    UNACKNOWLEDGED,
    VARIABLE,
    Acknowledgement,
    Elsewhere,
    acknowledged_elsewhere,
    judge_drop,
    never_done,
    read_entries,
)
from ..history import revision_name
from ..project import RuleSettings
from ..report import Finding
from ..rules import Change
from .findings import violation
from .revisions import Revision


def check_additive(
    revision: Revision,
    changes: list[tuple[Change, int]],
    settings: RuleSettings,
    declared: Sequence[Deprecation],
    elsewhere: Elsewhere,
) -> list[Finding]:
    """Findings for `changes` (each with its line) that nothing acknowledges, or that
    come too early; and for acknowledgements that are malformed or acknowledge nothing.
    `declared`: the models' deprecations; `elsewhere`: the other revisions', to name the
    one an entry belongs in."""
    here = revision_name(revision.script)
    acknowledgements, problems = read_entries(revision.script.module)
    at = revision.line_of(VARIABLE)
    found = [violation("acknowledgement", revision.path, at, problem) for problem in problems]
    used: set[Acknowledgement] = set()
    for change, line in changes:
        entry = next((entry for entry in acknowledgements if entry.key == change.key), None)
        message = change.message
        if entry is not None:
            used.add(entry)
        if change.for_the_walk:
            continue
        misplaced = None
        if entry is None:
            others = elsewhere.other(elsewhere.acknowledged, change.key, here)
            misplaced = acknowledged_elsewhere(others)
        if change.rule in DROPS:
            early = judge_drop(change.rule, change.table, change.column, settings, declared, entry)
            if early is None and entry is not None:
                continue
            message = f"{message}: {misplaced or early or UNACKNOWLEDGED}"
        elif entry is not None:
            continue
        elif misplaced is not None:
            message = f"{message}: {misplaced}"
        found.append(violation(change.rule, revision.path, line, message))
    for entry in acknowledgements:
        if entry not in used and entry.rule not in CATALOG_ONLY:
            done_by = elsewhere.other(elsewhere.changed, entry.key, here)
            message = never_done(entry, "upgrade()", done_by)
            found.append(violation("acknowledgement", revision.path, at, message))
    return found
