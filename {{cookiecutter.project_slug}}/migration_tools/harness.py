"""What the migration tests run on: the walk, on a new connection to a database, and
empty databases to walk."""

from alembic.runtime.migration import MigrationContext
from sqlalchemy import URL, Connection, MetaData

from migration_tools.alembic_api import alembic_config
from migration_tools.catalog_rules import rule_settings
from migration_tools.databases import create_database, drop_database, on_connection, unique_name
from migration_tools.gate import GateSettings
from migration_tools.history import History
from migration_tools.snapshot import Snapshot, take_snapshot
from migration_tools.walk import Verdicts, walk


async def walk_database(
    url: URL, history: History, metadata: MetaData, settings: GateSettings | None = None
) -> Verdicts:
    """Walk the whole history (see `walk`) on one connection to the empty database `url`,
    with the project's rule settings unless given others.

    The driver's statement cache is off for the walk: a statement it prepared before a
    column changed type would fail after ("cached plan must not change result type"),
    which separate `alembic` commands, each on a new connection, never see."""
    settings = settings or rule_settings()
    uncached = url.update_query_dict({"prepared_statement_cache_size": "0"})
    return await on_connection(
        uncached, lambda connection: walk(connection, alembic_config(), history, metadata, settings)
    )


class EmptyDatabases:
    """Hands out an empty database, reusing one for as long as it is given back empty:
    making and dropping a database (the drop waits for a checkpoint) can cost more than
    a whole walk. One given back changed is dropped, and the next caller gets a new one."""

    def __init__(self, server: URL) -> None:
        self.server = server
        self._current: tuple[URL, Snapshot] | None = None

    async def get(self) -> URL:
        if self._current is not None:
            url, empty = self._current
            if await on_connection(url, _state) == ((), empty):
                return url
            await self.close()
        url = await create_database(self.server, unique_name("migrations"))
        self._current = (url, (await on_connection(url, _state))[1])
        return url

    async def close(self) -> None:
        if self._current is not None:
            await drop_database(self._current[0])
            self._current = None


def _state(connection: Connection) -> tuple[tuple[str, ...], Snapshot]:
    """The revisions a database is at and its schema (the default version table)."""
    heads = MigrationContext.configure(connection).get_current_heads()
    return heads, take_snapshot(connection)
