"""What the gate reads from the project (its settings), and what it finds: a violation of
a rule of the registry (rules/), or a note, which says what the offline gate could not
see and which check (the walk, `pytest -m migrations`) judges it on the database instead.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..release import RECORD, Release, read_release
from ..rules import DOCS, RULES


class GateError(Exception):
    """The gate itself cannot run (as opposed to a revision breaking a rule)."""


@dataclass(frozen=True)
class GateSettings:
    """What the rules read from pyproject.toml and the release record (`load_gate_settings`)."""

    version: str | None  # [project] version; None when missing or dynamic
    postgres_version: str  # [tool.migration_tools] postgres_version, for squawk
    releases_before_drop: int  # [tool.migration_tools] releases_before_drop
    released: Release | None = None  # migrations/released.toml (release.py); None: none yet


def load_gate_settings(pyproject: Path) -> GateSettings:
    try:
        data: dict[str, Any] = tomllib.loads(pyproject.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise GateError(f"cannot read {pyproject}: {error}") from None
    tool = data.get("tool", {}).get("migration_tools", {})
    postgres_version = tool.get("postgres_version")
    if not isinstance(postgres_version, str) or not postgres_version:
        raise GateError(f"{pyproject}: set [tool.migration_tools] postgres_version, e.g. '17'")
    releases = tool.get("releases_before_drop", 2)
    if not isinstance(releases, int) or isinstance(releases, bool) or releases < 0:
        raise GateError(
            f"{pyproject}: [tool.migration_tools] releases_before_drop must be a whole number"
        )
    version = data.get("project", {}).get("version")
    try:
        released = read_release(pyproject.parent / RECORD)
    except ValueError as error:
        raise GateError(str(error)) from None
    return GateSettings(
        version=version if isinstance(version, str) else None,
        postgres_version=postgres_version,
        releases_before_drop=releases,
        released=released,
    )


@dataclass(frozen=True)
class Violation:
    rule: str
    path: Path
    line: int
    message: str
    hint: str

    @property
    def is_note(self) -> bool:
        rule = RULES.get(self.rule)
        return rule is not None and rule.note


def violation(rule: str, path: Path, line: int, message: str) -> Violation:
    return Violation(rule, path, line, message, f"{RULES[rule].hint} ({DOCS}#{rule})")
