"""Acknowledged operations: the reviewed exceptions a revision declares as plain data.

A revision file runs in production and never imports the gate, so the form is a
module-level list of dicts, e.g.

    acknowledged = [
        {
            "rule": "drop-column",
            "table": "users",
            "column": "nickname",
            "deprecated_in": "0.3",
            "why": "replaced by display_name in 0.3; nothing reads it since 0.4",
        },
    ]

"column" is required for every rule but drop-table, where it is not allowed.
"""

from dataclasses import dataclass

from .releases import parse_release
from .revisions import Revision
from .rules import Violation, violation

VARIABLE = "acknowledged"
ACKNOWLEDGEABLE = {
    "drop-column",
    "drop-table",
    "type-change",
    "set-not-null",
    "not-null-without-default",
}
_KEYS = {"rule", "table", "column", "deprecated_in", "why"}


@dataclass(frozen=True)
class Acknowledgement:
    rule: str
    table: str
    column: str | None
    deprecated_in: str
    why: str

    @property
    def subject(self) -> str:
        return self.table if self.column is None else f"{self.table}.{self.column}"


def read_acknowledgements(revision: Revision) -> tuple[list[Acknowledgement], list[Violation]]:
    declared = getattr(revision.module, VARIABLE, [])
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
                    deprecated_in=entry["deprecated_in"],
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
    required = {"rule", "table", "deprecated_in", "why"} | (
        {"column"} if rule != "drop-table" else set()
    )
    if missing := required - set(entry):
        return f"is missing {', '.join(sorted(missing))}"
    if rule == "drop-table" and "column" in entry:
        return "drops a table: it names no column"
    try:
        parse_release(entry["deprecated_in"])
    except ValueError as error:
        return f"deprecated_in: {error}"
    return None
