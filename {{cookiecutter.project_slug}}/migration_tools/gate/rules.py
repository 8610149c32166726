"""The gate's rules: stable ids, what each one guards against, and the safe way instead.

The ids are part of the project's vocabulary (docs/migrations.md has a section per id, CI
annotations, acknowledgements): never rename one; retire it and add a new id instead.
Notes are not findings: they say what the offline gate could not see, and which check
(the walk, `pytest -m migrations`) judges it on the database instead.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..release import RECORD, Release, read_release

DOCS = "docs/migrations.md"


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
class Rule:
    id: str
    summary: str
    hint: str
    note: bool = False


RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "rename-column",
            "a column is renamed",
            "never rename: add a column with the new name, write to both, stop reading the old",
        ),
        Rule(
            "rename-table",
            "a table is renamed",
            "never rename: create the new table, move readers and writers to it, drop the old "
            "one releases later",
        ),
        Rule(
            "drop-column",
            "upgrade() drops a column",
            "stop using the column first; drop it releases later with an `acknowledged` entry",
        ),
        Rule(
            "drop-table",
            "upgrade() drops a table",
            "stop using the table first; drop it releases later with an `acknowledged` entry",
        ),
        Rule(
            "type-change",
            "the type of an existing column changes",
            "add a column of the new type and fill it; or acknowledge a reviewed, safe widening",
        ),
        Rule(
            "set-not-null",
            "an existing column becomes NOT NULL",
            "add a CHECK (col IS NOT NULL) NOT VALID constraint and validate it; or acknowledge",
        ),
        Rule(
            "not-null-without-default",
            "a NOT NULL column is added to an existing table without a server default",
            "give it server_default=..., or add it nullable; or acknowledge",
        ),
        Rule(
            "downgrade-empty",
            "downgrade() is unwritten, or does nothing while upgrade() changes the schema",
            "write downgrade() as the exact reverse of upgrade() (`pytest -m migrations` checks "
            "it leaves no trace)",
        ),
        Rule(
            "one-table",
            "the revision changes more than one table",
            "split it into one revision per table, or say why in `several_tables_because`",
        ),
        Rule(
            "offline-sql",
            "the revision fails when rendered as SQL without a database (alembic --sql)",
            "fix the error; do not query through op.get_bind() (change data with op.execute(), "
            "or guard a read with `if not context.is_offline_mode()`)",
        ),
        Rule(
            "one-line",
            "the history is not one line from base to a single head",
            "set down_revision to the current head (`alembic heads`); no merges, branch labels "
            "or depends_on; every parent present, no cycle",
        ),
        Rule(
            "file-name",
            "the file name does not follow alembic.ini's file_template",
            "create revisions with `make revision` / `make revision-empty`, or rename the file "
            "to the dated pattern with its own revision id",
        ),
        Rule(
            "acknowledgement",
            "an `acknowledged` entry is malformed or acknowledges nothing",
            "see docs/migrations.md, 'Acknowledged operations', for the exact form",
        ),
        Rule(
            "revision-imports",
            "the revision file cannot be imported, or is not a revision",
            "fix the error; a revision that cannot be imported cannot be migrated",
        ),
        Rule(
            "online-only",
            "code under `if context.is_offline_mode()` never runs offline",
            "the gate judged what it could read of it from the text; `pytest -m migrations` "
            "judges what runs",
            note=True,
        ),
        Rule(
            "opaque-sql",
            "SQL the gate cannot read: a statement EXECUTE builds at run time, a DO block or a "
            "called function in another language than PL/pgSQL, CALL of a procedure the "
            "revision does not define, SQL it cannot parse",
            "prefer plain statements; `pytest -m migrations` judges what it does",
            note=True,
        ),
        Rule(
            "squawk-ignore",
            "a squawk-ignore comment switches squawk rules off",
            "it silences squawk only; the gate's own rules and `pytest -m migrations` still judge",
            note=True,
        ),
    )
}

SQUAWK_PREFIX = "squawk/"  # squawk's own findings keep squawk's rule names after it


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
