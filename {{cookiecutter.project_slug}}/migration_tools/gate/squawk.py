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

from .revisions import Revision
from .rules import SQUAWK_PREFIX, Violation
from .settings import GateError

# squawk rules the gate's own rules already judge, at the operation level, with the line
# of the revision and with acknowledgements. The squawk finding is dropped only when the
# gate saw that very operation (so raw SQL through op.execute still gets squawk's word).
COVERED_BY_GATE = {
    "ban-drop-column": "drop-column",
    "ban-drop-table": "drop-table",
    "changing-column-type": "type-change",
    "adding-not-nullable-field": "set-not-null",
    "adding-required-field": "not-null-without-default",
    "renaming-column": "rename-column",
    "renaming-table": "rename-table",
}

# squawk rules switched off for every revision, each with its reason. Keep this short.
EXCLUDED: dict[str, str] = {}


def squawk_executable() -> str:
    # Installed next to the interpreter (a venv's bin/), which need not be on PATH.
    beside = Path(sys.executable).parent / "squawk"
    found = str(beside) if beside.exists() else shutil.which("squawk")
    if found is None:
        raise GateError("squawk not found: install the dev extras (pip install -e '.[dev]')")
    return found


def without_bookkeeping(sql: str) -> str:
    """The revision's own statements: Alembic's alembic_version table is not the
    revision's (and its VARCHAR would draw squawk's prefer-text-field every time)."""
    blocks = sql.split("\n\n")
    return "\n\n".join(block for block in blocks if "alembic_version" not in block)


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
    upgrade_sql: dict[Revision, str], postgres_version: str, judged: dict[Revision, set[str]]
) -> list[Violation]:
    """Findings for each revision's SQL; `judged` holds, per revision, the gate rules that
    already saw one of its operations."""
    if not upgrade_sql:
        return []
    with tempfile.TemporaryDirectory(prefix="migration_gate_") as directory:
        files = {}
        for revision, sql in upgrade_sql.items():
            file = Path(directory) / f"{revision.path.stem}.sql"
            file.write_text(without_bookkeeping(sql))
            files[str(file)] = revision
        command = [squawk_executable(), "--reporter", "json", "--pg-version", postgres_version]
        if EXCLUDED:
            command.append(f"--exclude={','.join(EXCLUDED)}")
        result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
            [*command, *files], capture_output=True, text=True, check=False
        )
        findings = _findings(result)
        sql_lines = {name: Path(name).read_text().splitlines() for name in files}

    violations = []
    for finding in findings:
        revision = files[finding["file"]]
        rule = finding["rule_name"]
        if COVERED_BY_GATE.get(rule) in judged.get(revision, set()):
            continue
        lines = sql_lines[finding["file"]]
        line = finding.get("line", 0)  # squawk counts lines from 0
        statement = lines[line].strip() if 0 <= line < len(lines) else ""
        message = (
            f"{finding['message']} (SQL: {statement[:80]})" if statement else finding["message"]
        )
        violations.append(
            Violation(
                rule=f"{SQUAWK_PREFIX}{rule}",
                path=revision.path,
                line=revision.line_of("upgrade"),
                message=message,
                hint=finding.get("help") or "see https://squawkhq.com/docs/rules",
            )
        )
    return violations
