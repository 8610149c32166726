"""squawk (PyPI squawk-cli) on each revision's own upgrade SQL.

Each revision is its own file, so squawk sees one revision at a time: linting a whole
history as one script hides findings (squawk issue #364). Only upgrade SQL is linted: a
downgrade undoes an addition, so it drops by design.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pglast
from alembic.operations import ops
from pglast import ast
from pglast.enums import ConstrType

from ..project import SQUAWK_REFUSE, GateError
from ..report import Finding
from ..rules import RULES, SQUAWK_PREFIX
from ..rules._operations import table_of
from .recording import Recording
from .revisions import Revision

# squawk rules switched off for every revision, each with its reason. Keep this short.
# The gate's own rules replace some (each rule's `squawk`), on Alembic's operations and raw
# SQL alike, with the revision's line and its acknowledgements: squawk's word would only
# repeat them.
EXCLUDED = {
    **{name: rule.id for rule in RULES.values() for name in rule.squawk},
    # Making a column nullable is additive: the deprecate-then-drop recipe's first step.
    "ban-drop-not-null": "dropping NOT NULL is how a column is deprecated",
    # Appending a label is the additive way to grow an enum (docs/migrations.md's recipe).
    "require-enum-value-ordering": "a new label goes last unless the revision says",
}
# squawk's style preferences: legal DDL the team's rules do not forbid (a reviewed
# widening of varchar(20) to varchar(50), an int column a model declares). Advice, shown
# and never failing, unless the project lists them in [tool.release_checks] squawk_refuse.
STYLE = frozenset(
    {
        "prefer-text-field",
        "prefer-bigint-over-int",
        "prefer-bigint-over-smallint",
        "prefer-identity",
        "prefer-timestamp-tz",
    }
)


def squawk_executable() -> str:
    # Installed next to the interpreter (a venv's bin/), which need not be on PATH.
    beside = Path(sys.executable).parent / "squawk"
    found = str(beside) if beside.exists() else shutil.which("squawk")
    if found is None:
        raise GateError("squawk not found: install the dev extras (pip install -e '.[dev]')")
    return found


def _findings(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    # squawk exits 0 when clean and 1 with findings; anything else is squawk failing
    # (e.g. an invalid --pg-version), which must not pass for "no findings".
    try:
        if result.returncode in (0, 1):
            findings: list[dict[str, Any]] = json.loads(result.stdout or "[]")
            return findings
    except json.JSONDecodeError:
        pass
    said = (result.stderr or result.stdout).strip().splitlines()
    raise GateError(f"squawk failed: {said[0] if said else f'exit {result.returncode}'}")


def run_squawk(
    recordings: dict[Revision, Recording],
    preamble: str,
    postgres_version: str,
    refuse: frozenset[str] = frozenset(),
) -> list[Finding]:
    """squawk's findings on each revision's upgrade SQL as `alembic upgrade --sql` prints
    it: after env.py's `preamble`, in a transaction of its own (transaction_per_migration),
    each finding on the revision line that emitted the statement. Its style preferences
    are advice, but those in `refuse`."""
    if unknown := sorted(refuse - STYLE):
        raise GateError(
            f"{SQUAWK_REFUSE}: {', '.join(unknown)} is not one of squawk's style preferences "
            f"({', '.join(sorted(STYLE))}); squawk's other rules refuse already"
        )
    upgrades = {revision: recording.upgrade for revision, recording in recordings.items()}
    if not upgrades:
        return []
    with tempfile.TemporaryDirectory(prefix="migration_gate_") as directory:
        files: dict[str, tuple[Revision, list[int]]] = {}
        moot: set[tuple[str, int]] = set()  # (file, line) of statements on a dropped table
        domains: set[tuple[str, int]] = set()  # (file, line) of a domain given only a default
        for revision, run in upgrades.items():
            file = Path(directory) / f"{revision.path.stem}.sql"
            text = f"{preamble}BEGIN;\n\n"
            origins = [run.line] * text.count("\n")
            on_dropped = with_dropped_tables(recordings[revision])
            for statement in run.statements:
                chunk = f"{statement.sql}\n\n"
                lines = {(str(file), len(origins) + n) for n in range(chunk.count("\n"))}
                if statement.line in on_dropped:
                    moot |= lines
                if _domain_with_only_a_default(statement.sql):
                    domains |= lines
                text += chunk
                origins += [statement.line] * chunk.count("\n")
            file.write_text(text + "COMMIT;\n")
            files[str(file)] = (revision, origins)
        command = [squawk_executable(), "--reporter", "json", "--pg-version", postgres_version]
        command.append(f"--exclude={','.join(EXCLUDED)}")
        result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
            [*command, *files], capture_output=True, text=True, check=False
        )
        findings = _findings(result)

    violations = []
    for finding in findings:
        revision, origins = files[finding["file"]]
        line = finding.get("line", 0)  # squawk counts lines from 0
        if (finding["file"], line) in moot or (
            # squawk counts a default as a constraint; a default constrains no value
            finding["rule_name"] == "ban-create-domain-with-constraint"
            and (finding["file"], line) in domains
        ):
            continue
        violations.append(
            Finding(
                rule=f"{SQUAWK_PREFIX}{finding['rule_name']}",
                file=str(revision.path),
                line=origins[line] if 0 <= line < len(origins) else upgrades[revision].line,
                message=finding["message"],
                hint=finding.get("help") or "see https://squawkhq.com/docs/rules",
                advice=finding["rule_name"] in STYLE - refuse,
            )
        )
    return violations


def with_dropped_tables(recording: Recording) -> set[int]:
    """The lines of upgrade operations that go with a table the upgrade drops, done first
    as autogenerate writes them: those on the table (its indexes, its constraints), and
    the drop of a foreign key to it from another table, which the downgrade makes again
    (so the revision says where it points). drop-table judges the table's drop; they lock
    nothing it does not."""
    upgrade = [(step.operation, step.line) for step in recording.upgrade.steps]
    dropped = {
        operation.table_name for operation, _ in upgrade if isinstance(operation, ops.DropTableOp)
    }
    to_dropped = {
        (operation.source_table, operation.constraint_name)
        for operation in (step.operation for step in recording.downgrade.steps)
        if isinstance(operation, ops.CreateForeignKeyOp) and operation.referent_table in dropped
    }
    return {
        line
        for operation, line in upgrade
        if not isinstance(operation, ops.DropTableOp)
        and (
            table_of(operation) in dropped
            or (
                isinstance(operation, ops.DropConstraintOp)
                and (operation.table_name, operation.constraint_name) in to_dropped
            )
        )
    }


def _domain_with_only_a_default(sql: str) -> bool:
    """Whether `sql` makes a domain whose one clause is its default."""
    if "DOMAIN" not in sql.upper():
        return False
    try:
        statements = pglast.parse_sql(sql)
    except pglast.parser.ParseError:
        return False
    statement = statements[0].stmt if len(statements) == 1 else None
    return isinstance(statement, ast.CreateDomainStmt) and all(
        constraint.contype == ConstrType.CONSTR_DEFAULT
        for constraint in statement.constraints or ()
    )
