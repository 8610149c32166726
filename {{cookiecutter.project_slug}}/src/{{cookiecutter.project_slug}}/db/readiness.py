"""Is the database exactly at the schema this code was written for?

Call `check_schema()` at service start-up, or run this module (`python -m` it, or
`make check-db`) in a deploy script: it exits 0 at head, and 1 with one line saying what
is wrong when the database is behind (migrations not run yet) or ahead (migrated by a
newer release). The revisions are read from the project's `alembic.ini` (or the file named
by `ALEMBIC_CONFIG`, as for `alembic` itself), so ship `migrations/` with the service.
"""

import asyncio
import os
import sys
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection

from {{ cookiecutter.project_slug }}.db.connect import connect, create_direct_engine
from {{ cookiecutter.project_slug }}.db.errors import OperatorError
from {{ cookiecutter.project_slug }}.settings import SettingsError, get_settings


class SchemaNotReadyError(OperatorError):
    """The database is not at the head revision of this code."""


def load_script(alembic_ini: str | Path | None = None) -> ScriptDirectory:
    path = Path(alembic_ini or os.environ.get("ALEMBIC_CONFIG", "alembic.ini"))
    if not path.is_file():
        raise SchemaNotReadyError(f"no {path} here to read the revisions from (set ALEMBIC_CONFIG)")
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


async def check_schema(url: URL, script: ScriptDirectory) -> str:
    """Where the database at `url` stands, if at head; else `SchemaNotReadyError`."""
    engine = create_direct_engine(url)
    try:
        async with connect(engine) as connection:
            current = await connection.run_sync(_current_heads)
    finally:
        await engine.dispose()
    return verdict(current, script)


def main() -> int:
    try:
        url = get_settings().sqlalchemy_url
        status = asyncio.run(check_schema(url, load_script()))
    except (SettingsError, OperatorError) as error:
        print(f"database not ready: {error}", file=sys.stderr)
        return 1
    print(f"database ready: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
