"""Only add: what upgrade() may not do to the schema that exists, unless acknowledged.

A revision file runs in production and never imports the gate, so an acknowledgement is
plain data, a module-level list of dicts:

    acknowledged = [
        {
            "rule": "drop-column",
            "table": "users",
            "column": "nickname",
            "deprecated_in": "0.3",
            "why": "replaced by display_name in 0.3; nothing reads it since 0.4",
        },
    ]

One shape for every rule: "table" names the table, or the view or type itself (an enum
label's type, too); "column" names what inside it the rule is about: a column, an index,
a constraint or an enum label. It is required for every rule but drop-table, drop-view
and drop-type, where it is not allowed. Only drops wait for releases, so only they need
"deprecated_in"; the other rules need the reviewed acknowledgement and nothing else.

Drops of views, indexes, constraints, types and enum labels are seen only on the
catalog, by the walk (catalog_rules.py), which matches these entries, counts their
releases and reports one that matches nothing; the gate checks their form only.
"""

import re
from dataclasses import dataclass

from {{ cookiecutter.project_slug }}.db.schema_changes import Change

from .revisions import Revision
from .rules import GateSettings, Violation, violation

VARIABLE = "acknowledged"
# Drops the gate sees no operation for: only the walk's catalog rules judge them.
CATALOG_DROPS = {"drop-view", "drop-index", "drop-constraint", "drop-type", "drop-enum-label"}
DROPS = {"drop-column", "drop-table", *CATALOG_DROPS}
WHOLE = {"drop-table", "drop-view", "drop-type"}  # their entries name no column
ACKNOWLEDGEABLE = DROPS | {"type-change", "set-not-null", "not-null-without-default"}
_KEYS = {"rule", "table", "column", "deprecated_in", "why"}
_RELEASE = re.compile(r"v?(\d+)\.(\d+)(?:\.\d+)?(?:[a-zA-Z+.-][0-9A-Za-z+.-]*)?")


@dataclass(frozen=True)
class Acknowledgement:
    rule: str
    table: str
    column: str | None
    deprecated_in: str | None
    why: str

    @property
    def subject(self) -> str:
        return self.table if self.column is None else f"{self.table}.{self.column}"


def check_additive(
    revision: Revision, changes: list[tuple[Change, int]], settings: GateSettings
) -> list[Violation]:
    """Findings for `changes` (each with its line) that nothing acknowledges, or that
    come too early; and for acknowledgements that are malformed or acknowledge nothing."""
    acknowledgements, found = read_acknowledgements(revision)
    used: set[Acknowledgement] = set()
    for change, line in changes:
        entry = next(
            (
                entry
                for entry in acknowledgements
                if (entry.rule, entry.table, entry.column)
                == (change.rule, change.table, change.column)
            ),
            None,
        )
        message = change.message
        if entry is not None:
            used.add(entry)
            early = too_recent(entry, settings) if entry.rule in DROPS else None
            if early is None:
                continue
            message = f"{message}: {early}"
        found.append(violation(change.rule, revision.path, line, message))
    for entry in acknowledgements:
        if entry not in used and entry.rule not in CATALOG_DROPS:
            message = f"acknowledges {entry.rule} of {entry.subject}, which upgrade() never does"
            found.append(
                violation("acknowledgement", revision.path, revision.line_of(VARIABLE), message)
            )
    return found


def read_acknowledgements(revision: Revision) -> tuple[list[Acknowledgement], list[Violation]]:
    declared = getattr(revision.script.module, VARIABLE, [])
    line = revision.line_of(VARIABLE)
    if not isinstance(declared, list):
        message = f"`{VARIABLE}` must be a list of dicts"
        return [], [violation("acknowledgement", revision.path, line, message)]
    entries: list[Acknowledgement] = []
    problems: list[Violation] = []
    for index, entry in enumerate(declared):
        problem = _problem(entry)
        if problem is None:
            entries.append(
                Acknowledgement(
                    rule=entry["rule"],
                    table=entry["table"],
                    column=entry.get("column"),
                    deprecated_in=entry.get("deprecated_in"),
                    why=entry["why"],
                )
            )
        else:
            message = f"`{VARIABLE}[{index}]` {problem}"
            problems.append(violation("acknowledgement", revision.path, line, message))
    return entries, problems


def _problem(entry: object) -> str | None:
    """What is wrong with one entry, or None."""
    if not isinstance(entry, dict):
        return "must be a dict"
    if unknown := set(entry) - _KEYS:
        return f"has unknown keys: {', '.join(sorted(map(str, unknown)))}"
    if not all(isinstance(value, str) and value.strip() for value in entry.values()):
        return "must have non-empty strings as values"
    rule = entry.get("rule")
    if rule not in ACKNOWLEDGEABLE:
        return f"rule must be one of {', '.join(sorted(ACKNOWLEDGEABLE))} (renames never are)"
    required = {"rule", "table", "why"}
    required |= {"deprecated_in"} if rule in DROPS else set()
    required |= {"column"} if rule not in WHOLE else set()
    if missing := required - set(entry):
        return f"is missing {', '.join(sorted(missing))}"
    if rule in WHOLE and "column" in entry:
        return f"{rule} names no column"
    if "deprecated_in" in entry:
        try:
            parse_release(entry["deprecated_in"])
        except ValueError as error:
            return f"deprecated_in: {error}"
    return None


def parse_release(version: str) -> tuple[int, int]:
    """(major, minor) of a version such as "0.4", "0.4.2" or "1.2.0rc1". A release is
    MAJOR.MINOR; patch versions fix a release and do not count."""
    match = _RELEASE.fullmatch(version.strip())
    if match is None:
        raise ValueError(f"{version!r} is not a MAJOR.MINOR[.PATCH] version")
    return int(match[1]), int(match[2])


def releases_between(older: str, newer: str) -> int:
    """How many releases `newer` is after `older` (negative when it is before). Across
    majors the count is a lower bound, since the gate cannot know how many minors the
    older major still had: each major bump counts once, plus the newer minor
    (1.7 -> 2.0: 1 release; 1.7 -> 2.1: 2; 1.7 -> 3.0: 2)."""
    (old_major, old_minor), (new_major, new_minor) = parse_release(older), parse_release(newer)
    if new_major == old_major:
        return new_minor - old_minor
    if new_major < old_major:
        return -1
    return (new_major - old_major) + new_minor


def too_recent(acknowledgement: Acknowledgement, settings: GateSettings) -> str | None:
    """Why the acknowledged drop is not old enough yet, or None when it is."""
    deprecated_in = acknowledgement.deprecated_in
    assert deprecated_in is not None  # noqa: S101 (required for drops by _problem)
    if settings.version is None:
        return "acknowledged, but pyproject.toml has no [project] version to count releases"
    needed = settings.releases_before_drop
    try:
        why = not_old_enough(deprecated_in, settings.version, needed)
    except ValueError as error:
        return f"acknowledged, but [project] version: {error}"
    if why is None:
        return None
    return f"{why} ([tool.migration_tools] releases_before_drop = {needed})"


def not_old_enough(deprecated_in: str, version: str, needed: int) -> str | None:
    """Why what was deprecated in `deprecated_in` may not go yet at `version`, when
    `needed` releases must pass first; None when it may. (Columns and the API alike.)"""
    passed = releases_between(deprecated_in, version)
    if passed >= needed:
        return None
    return (
        f"deprecated in {deprecated_in}, {passed} release(s) before the current {version}; "
        f"it may ship from {first_release(deprecated_in, needed)}"
    )


def first_release(deprecated_in: str, needed: int) -> str:
    """The first release (MAJOR.MINOR) `needed` releases after `deprecated_in`."""
    major, minor = parse_release(deprecated_in)
    return f"{major}.{minor + needed}"
