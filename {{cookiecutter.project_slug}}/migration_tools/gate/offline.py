"""Render one revision as offline SQL through the project's own env.py, exactly as
`alembic upgrade PREV:REV --sql` and `alembic downgrade REV:PREV --sql` would, but with one
loaded script directory for the whole history instead of a reload per command."""

import io
import traceback
from dataclasses import dataclass, replace
from typing import Literal

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext, MigrationStep, RevisionStep
from alembic.script import ScriptDirectory

from .recorder import Recording
from .revisions import Revision
from .rules import Violation, violation
from .settings import GateError

Direction = Literal["upgrade", "downgrade"]
_FIX_IT = "fix the error: the revision must render as SQL with no database (alembic --sql)"


@dataclass(frozen=True)
class Rendered:
    sql: str | None  # None when rendering failed
    line: int | None = None  # where in the revision file it failed, if there
    error: str | None = None


def render(
    revision: Revision, direction: Direction, config: Config, script: ScriptDirectory
) -> Rendered:
    script_revision = script.get_revision(revision.id)
    assert script_revision is not None  # noqa: S101 (the history checks found every id)
    parent = script_revision.down_revision
    assert parent is None or isinstance(parent, str)  # noqa: S101 (merges are refused first)

    step: RevisionStep
    if direction == "upgrade":
        start, destination = parent, revision.id
        step = MigrationStep.upgrade_from_script(script.revision_map, script_revision)
    else:
        start, destination = revision.id, parent or "base"
        step = MigrationStep.downgrade_from_script(script.revision_map, script_revision)

    def steps(_heads: object, _context: MigrationContext) -> list[RevisionStep]:
        return [step]

    buffer = io.StringIO()
    config.output_buffer = buffer
    try:
        with EnvironmentContext(
            config, script, fn=steps, as_sql=True, starting_rev=start, destination_rev=destination
        ):
            script.run_env()
    except Exception as error:  # the finding itself: what `--sql` would print
        frames = [
            frame.lineno
            for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename == str(revision.path)
        ]
        message = f"{type(error).__name__}: {error}".splitlines()[0]
        if not frames:  # env.py or the settings failed, not this revision
            raise GateError(
                f"alembic {direction} --sql fails outside the revision: {message}"
            ) from None
        return Rendered(sql=None, line=frames[-1], error=message)
    finally:
        config.output_buffer = None
    return Rendered(sql=buffer.getvalue())


def check_recorded_offline(revision: Revision, recording: Recording) -> list[Violation]:
    """What already failed while recording offline: a data read, any error, an
    unwritten upgrade()."""
    found = []
    for name, run in (("upgrade", recording.upgrade), ("downgrade", recording.downgrade)):
        if run.failure is not None:
            message = f"{name}() fails offline: {run.failure.message}"
            failed = violation("offline-sql", revision.path, run.failure.line, message)
            found.append(failed if run.failure.data_read else replace(failed, hint=_FIX_IT))
    if recording.upgrade.unwritten:
        message = "upgrade() is unwritten: it raises NotImplementedError"
        unwritten = violation("offline-sql", revision.path, recording.upgrade.line, message)
        found.append(replace(unwritten, hint="write upgrade(), or remove the revision"))
    return found


def check_renders_both_ways(
    revision: Revision, recording: Recording, config: Config, script: ScriptDirectory
) -> tuple[str | None, list[Violation]]:
    """The upgrade SQL (None if it failed) and what failed, in either direction. An
    unwritten downgrade() is downgrade-empty's finding, not rendered again."""
    upgrade_sql = None
    found = []
    directions: list[Direction] = ["upgrade"]
    if not recording.downgrade.unwritten:
        directions.append("downgrade")
    for direction in directions:
        rendered = render(revision, direction, config, script)
        if rendered.sql is None:
            message = f"`alembic {direction} --sql` fails: {rendered.error}"
            failed = violation("offline-sql", revision.path, rendered.line or 1, message)
            found.append(replace(failed, hint=_FIX_IT))
        elif direction == "upgrade":
            upgrade_sql = rendered.sql
    return upgrade_sql, found
