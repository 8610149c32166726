"""The whole gate: every rule on every revision of migrations/versions/, without a
database. What it cannot see (online-only code, DO blocks, squawk-ignore comments) is a
note naming the check that judges it on the database instead: the walk,
`pytest -m migrations`. Downgrades are held only to being written: whether one undoes
its upgrade exactly is the walk's no-trace check, which compares the catalogs.
"""

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from {{ cookiecutter.project_slug }}.db.schema_changes import (
    Change,
    changes,
    created_tables,
    table_of,
)

from ..alembic_api import PROJECT_ROOT, alembic_config
from .additive import check_additive
from .history import check_history
from .recording import Recording, record
from .report import Report
from .revisions import Revision, load_revisions
from .rules import GateSettings, Violation, load_gate_settings, violation
from .sql import read
from .squawk import run_squawk

DEFAULT_FILE_TEMPLATE = "%(rev)s_%(slug)s"  # Alembic's own, when alembic.ini sets none
# A revision that must change several tables at once says why in this variable.
SEVERAL_TABLES_BECAUSE = "several_tables_because"


def lint(config: Config | None = None, root: Path = PROJECT_ROOT) -> Report:
    """Check every revision of the project (or of `config`'s script location); the report
    lists what breaks which rule, and what the gate leaves to the walk."""
    config = config or alembic_config()
    settings = load_gate_settings(root / "pyproject.toml")
    script = ScriptDirectory.from_config(config)
    revisions, findings, unloaded = load_revisions(Path(script.versions))
    file_template = config.get_main_option("file_template") or DEFAULT_FILE_TEMPLATE
    findings += check_history(revisions, unloaded, file_template)
    recordings, preamble = record(revisions, config, script)
    for revision in revisions:
        findings += check_revision(revision, recordings[revision], settings)
    findings += run_squawk(
        {
            revision: recording.upgrade
            for revision, recording in recordings.items()
            if recording.upgrade.failure is None and not recording.upgrade.unwritten
        },
        preamble,
        settings.postgres_version,
    )
    findings.sort(key=lambda found: (str(found.path), found.line, found.rule))
    return Report(root=root, revisions=len(revisions), findings=findings)


def check_revision(
    revision: Revision, recording: Recording, settings: GateSettings
) -> list[Violation]:
    upgrade, downgrade = recording.upgrade, recording.downgrade
    found = [
        violation("online-only", revision.path, line, "a branch of this `if` never runs offline")
        for line in revision.online_only()
    ]
    for name, run in (("upgrade", upgrade), ("downgrade", downgrade)):
        if run.failure is not None:
            message = f"{name}() fails offline: {run.failure.message}"
            found.append(violation("offline-sql", revision.path, run.failure.line, message))
    if upgrade.unwritten:
        message = "upgrade() is unwritten: it raises NotImplementedError"
        found.append(violation("offline-sql", revision.path, upgrade.line, message))

    operations = [step.operation for step in upgrade.steps]
    created = created_tables(operations)
    raw = read(upgrade.statements, created)
    found += [
        violation("opaque-sql", revision.path, line, f"{what}: the gate cannot read it")
        for what, line in raw.opaque
    ]
    found += [
        violation("squawk-ignore", revision.path, line, f"`{comment}` switches squawk off")
        for comment, line in raw.squawk_ignores
    ]
    # Each change once: an operation and the SQL it rendered say the same thing.
    judged: dict[tuple[str, str, str | None], tuple[Change, int]] = {}
    for step in upgrade.steps:
        for change in changes(step.operation, created):
            judged.setdefault((change.rule, change.table, change.column), (change, step.line))
    for change, line in raw.changes:
        judged.setdefault((change.rule, change.table, change.column), (change, line))
    found += check_additive(revision, list(judged.values()), settings)

    tables = dict(reversed(raw.tables))  # each table with the first line that changes it
    # Batch operations render when their block ends: their operations name the table.
    tables |= {
        table: step.line
        for step in upgrade.steps
        if (table := table_of(step.operation)) is not None and table not in tables
    }
    reason = getattr(revision.script.module, SEVERAL_TABLES_BECAUSE, None)
    if len(tables) > 1 and not (isinstance(reason, str) and reason.strip()):
        first, *others = sorted(tables, key=tables.__getitem__)
        message = (
            f"changes {first} and {', '.join(others)}; one table per revision, "
            f"or set `{SEVERAL_TABLES_BECAUSE}`"
        )
        found.append(violation("one-table", revision.path, tables[others[0]], message))

    if downgrade.unwritten:
        message = "downgrade() is unwritten: it raises NotImplementedError"
        found.append(violation("downgrade-empty", revision.path, downgrade.line, message))
    elif (
        raw.leaves_trace
        and not (downgrade.steps or downgrade.statements)
        and not (upgrade.failure or downgrade.failure or upgrade.unwritten)
    ):
        message = "downgrade() does nothing, while upgrade() changes the schema"
        found.append(violation("downgrade-empty", revision.path, downgrade.line, message))
    return found
