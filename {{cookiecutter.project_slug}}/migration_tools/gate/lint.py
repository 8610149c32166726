"""The whole gate: every rule on every revision of migrations/versions/."""

from pathlib import Path

from alembic.script import ScriptDirectory

from ..alembic_api import PROJECT_ROOT, alembic_config
from .acknowledgements import read_acknowledgements
from .additive import check_additive, judged_rules
from .formats import Report
from .history import check_history
from .offline import check_recorded_offline, check_renders_both_ways
from .recorder import record
from .reversal import check_downgrade
from .revisions import Revision, load_revisions
from .rules import Violation
from .settings import load_gate_settings
from .squawk import run_squawk
from .unary import check_one_table

DEFAULT_FILE_TEMPLATE = "%(rev)s_%(slug)s"  # Alembic's own, when alembic.ini sets none


def lint() -> Report:
    """Check every revision of the project; the report lists what breaks which rule."""
    config = alembic_config()
    settings = load_gate_settings(PROJECT_ROOT / "pyproject.toml")
    script = ScriptDirectory.from_config(config)
    revisions, violations = load_revisions(Path(script.versions))
    file_template = config.get_main_option("file_template") or DEFAULT_FILE_TEMPLATE
    violations += check_history(revisions, file_template)
    mappable = _alembic_can_map(script, violations)

    upgrade_sql: dict[Revision, str] = {}
    judged: dict[Revision, set[str]] = {}
    for revision in revisions:
        recording = record(revision, config, script)
        acknowledgements, problems = read_acknowledgements(revision)
        violations += problems
        violations += check_additive(revision, recording.upgrade, acknowledgements, settings)
        violations += check_downgrade(revision, recording)
        violations += check_one_table(revision, recording.upgrade)
        offline = check_recorded_offline(revision, recording)
        violations += offline
        judged[revision] = judged_rules(recording.upgrade)
        if mappable and not offline and len(revision.down_revisions) <= 1:
            sql, problems = check_renders_both_ways(revision, recording, config, script)
            violations += problems
            if sql is not None:
                upgrade_sql[revision] = sql
    violations += run_squawk(upgrade_sql, settings.postgres_version, judged)
    violations.sort(key=lambda found: (str(found.path), found.line, found.rule))
    return Report(root=PROJECT_ROOT, revisions=len(revisions), violations=violations)


def _alembic_can_map(script: ScriptDirectory, violations: list[Violation]) -> bool:
    """Whether Alembic itself can load the history, to render revisions through env.py.
    It cannot with a missing parent, a duplicate id, a second base or a file it cannot
    import; the checks above already name those."""
    if any(found.rule in ("orphan", "revision-imports") for found in violations):
        return False
    try:
        script.get_heads()
    except Exception:  # whatever else Alembic trips on, the history checks report
        return False
    return True
