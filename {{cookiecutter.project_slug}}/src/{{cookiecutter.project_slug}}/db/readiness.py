"""Can this code serve on the database's schema?

Call `check_schema()` at service start-up, or run this module (`python -m` it, or
`make check-db`) in a deploy script. It exits with one line:
- 0 (`READY`) at head, or at a revision that provably descends from it: a newer release
  migrated the database during a rolling deploy, and every revision is additive
  (docs/migrations.md), so this release keeps serving. The proof is the database's own
  record of what was applied (`alembic_lineage`, db/lineage.py), never a guess: this
  code does not know the newer revisions;
- 1 (`NOT_READY`) when the database is behind (migrations not run yet), on another line
  of history, or at a revision it cannot prove descends from its head;
- 2 (`UNKNOWN`) when it cannot tell: a bad setting, an unreachable database, a user who may
  not read `alembic_version`, no `alembic.ini`.
The revisions are read from the project's `alembic.ini` (or the file named by
`ALEMBIC_CONFIG`, as for `alembic` itself), so ship `migrations/` with the service.
"""

import asyncio
import os
import sys
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection
from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.project_slug }}.db.connect import connect, create_direct_engine, describe, reason
from {{ cookiecutter.project_slug }}.db.errors import OperatorError
from {{ cookiecutter.project_slug }}.db.lineage import read_lineage
from {{ cookiecutter.project_slug }}.settings import SettingsError, get_settings

READY, NOT_READY, UNKNOWN = 0, 1, 2  # the exit codes of `make check-db`


class SchemaNotReadyError(OperatorError):
    """The database is not at the head revision of this code."""


class SchemaUnknownError(OperatorError):
    """Where the database stands cannot be told (no revisions to compare, no access)."""


def load_script(alembic_ini: str | Path | None = None) -> ScriptDirectory:
    path = Path(alembic_ini or os.environ.get("ALEMBIC_CONFIG", "alembic.ini"))
    if not path.is_file():
        raise SchemaUnknownError(f"no {path} here to read the revisions from (set ALEMBIC_CONFIG)")
    return ScriptDirectory.from_config(Config(path))


def _names(revisions: set[str] | tuple[str, ...]) -> str:
    return ", ".join(sorted(revisions)) or "no revision"


def verdict(
    current: set[str], script: ScriptDirectory, lineage: dict[str, str | None] | None = None
) -> str:
    """Describe `current` against the heads of `script`, given the database's `lineage`
    (revision -> parent, as read_lineage() reads it; None without the table); raise
    unless this code can serve there."""
    heads = set(script.get_heads())
    if current == heads:
        return f"at head ({_names(heads)})"
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = current - known
    if not unknown or not current:
        raise SchemaNotReadyError(
            f"the database is behind: at {_names(current)}, head is {_names(heads)};"
            " run `alembic upgrade head`"
        )
    if lineage is None:
        raise SchemaNotReadyError(
            f"the database is at {_names(unknown)}, a revision this code does not have, and"
            f" cannot be proven to descend from its head ({_names(heads)}): it has no"
            " alembic_lineage table yet (the next `alembic upgrade` creates it)"
        )
    for revision in sorted(unknown):
        below, seen = lineage.get(revision), {revision}
        while below is not None and below not in known and below not in seen:
            seen.add(below)
            below = lineage.get(below)
        if below in heads:
            continue
        if below is not None and below in known:
            raise SchemaNotReadyError(
                f"the database is on another line: at {revision}, which descends from"
                f" {below}, not from this code's head ({_names(heads)})"
            )
        raise SchemaNotReadyError(
            f"the database is at {revision}, a revision this code does not have, and"
            f" alembic_lineage does not lead from it to this code's head ({_names(heads)})"
        )
    return (
        f"ahead of head ({_names(heads)}): at {_names(unknown)}, which descends from it"
        " (a newer release migrated the database)"
    )


def _where(
    connection: Connection, script: ScriptDirectory
) -> tuple[set[str], dict[str, str | None] | None]:
    """The database's revisions and, when this code does not know one of them, the
    lineage recorded below them (one more query, only then)."""
    current = set(MigrationContext.configure(connection).get_current_heads())
    known = {revision.revision for revision in script.walk_revisions()}
    lineage = read_lineage(connection, current - known) if current - known else {}
    return current, lineage


async def check_schema(
    url: URL, script: ScriptDirectory, *, transaction_pooler: bool = False
) -> str:
    """Where the database at `url` stands, if at head; else `SchemaNotReadyError`, or
    another `OperatorError` when it cannot tell."""
    engine = create_direct_engine(url, transaction_pooler=transaction_pooler)
    try:
        async with connect(engine) as connection:
            current, lineage = await connection.run_sync(_where, script)
    except DBAPIError as error:
        raise SchemaUnknownError(
            f"cannot read the schema version at {describe(url)}: {reason(error)}"
        ) from None
    finally:
        await engine.dispose()
    return verdict(current, script, lineage)


def main() -> int:
    try:
        settings = get_settings()
        status = asyncio.run(
            check_schema(
                settings.sqlalchemy_url,
                load_script(),
                transaction_pooler=settings.database_transaction_pooler,
            )
        )
    except SchemaNotReadyError as error:
        print(f"database not ready: {error}", file=sys.stderr)
        return NOT_READY
    except (SettingsError, OperatorError) as error:
        print(f"database not checked: {error}", file=sys.stderr)
        return UNKNOWN
    print(f"database ready: {status}")
    return READY


if __name__ == "__main__":
    sys.exit(main())
