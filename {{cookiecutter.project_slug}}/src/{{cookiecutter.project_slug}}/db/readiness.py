"""Is the database exactly at the schema this code was written for?

Call `check_schema()` at service start-up, or run this module (`python -m` it, or
`make check-db`) in a deploy script. It exits with one line:
- 0 (`READY`) at head;
- 1 (`NOT_READY`) when the database is behind (migrations not run yet) or ahead (migrated
  by a newer release);
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


def verdict(current: set[str], script: ScriptDirectory) -> str:
    """Describe `current` against the heads of `script`; raise unless they are equal."""
    heads = set(script.get_heads())
    if current == heads:
        return f"at head ({_names(heads)})"
    known = {revision.revision for revision in script.walk_revisions()}
    if unknown := current - known:
        raise SchemaNotReadyError(
            f"the database is ahead of this code: at {_names(unknown)}, a revision it does"
            f" not have (its head: {_names(heads)}); deploy the release that migrated it"
        )
    raise SchemaNotReadyError(
        f"the database is behind: at {_names(current)}, head is {_names(heads)};"
        " run `alembic upgrade head`"
    )


def _current_heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


async def check_schema(
    url: URL, script: ScriptDirectory, *, transaction_pooler: bool = False
) -> str:
    """Where the database at `url` stands, if at head; else `SchemaNotReadyError`, or
    another `OperatorError` when it cannot tell."""
    engine = create_direct_engine(url, transaction_pooler=transaction_pooler)
    try:
        async with connect(engine) as connection:
            current = await connection.run_sync(_current_heads)
    except DBAPIError as error:
        raise SchemaUnknownError(
            f"cannot read the schema version at {describe(url)}: {reason(error)}"
        ) from None
    finally:
        await engine.dispose()
    return verdict(current, script)


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
