"""The ancestry of the revisions applied to a database, kept in the database itself.

`alembic_version` says only where a database stands. A release that finds the database at
a revision it does not have cannot tell from its own files whether a newer release
migrated it (it may serve on: the rules keep every revision additive) or a release of
another line did (it may not). So env.py writes each applied revision with its parent
into `alembic_lineage`, in the same transaction as the revision, and deletes it again when
the revision is undone; the readiness check walks it down from the database's revision.

Like `alembic_version`, it is alembic's bookkeeping, not the service's schema: the models,
autogenerate, drift and the migration tests leave it out (`include_name`).
"""

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from alembic.runtime.migration import MigrationContext, MigrationInfo
from sqlalchemy import Column, Connection, MetaData, Table, Text, delete, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.schema import CreateTable

LINEAGE_TABLE = "alembic_lineage"
VERSION_TABLE = "alembic_version"  # alembic's default, which the project keeps
BOOKKEEPING = frozenset({LINEAGE_TABLE, VERSION_TABLE})

lineage = Table(
    LINEAGE_TABLE,
    MetaData(),  # its own: never Base.metadata, so the models never see it
    Column("revision", Text, primary_key=True),
    Column("down_revision", Text),
)


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Autogenerate's filter (`include_name`): the bookkeeping tables are not schema."""
    return not (type_ == "table" and name in BOOKKEEPING)


def _parent(info: MigrationInfo, revision: str) -> str | None:
    script = info.revision_map.get_revision(revision)
    down = None if script is None else script.down_revision
    if down is None or isinstance(down, str):
        return down
    return down[0] if down else None  # the history is one line (db/history.py)


def _ancestry(info: MigrationInfo, revision: str | None) -> Iterable[tuple[str, str | None]]:
    while revision is not None:
        parent = _parent(info, revision)
        yield revision, parent
        revision = parent


class LineageRecorder:
    """env.py's `on_version_apply` callback: after each step, in its transaction, records
    an applied revision with its parent or forgets an undone one. The first step of a run
    also creates the table if it is missing, with the ancestry the database already had
    (so a database migrated before the table existed is provable after its next upgrade).
    One recorder per run: a retried run starts again with a new one."""

    def __init__(self) -> None:
        self._ensured = False

    def __call__(
        self,
        ctx: MigrationContext,
        step: MigrationInfo,
        heads: Collection[Any],
        run_args: Mapping[str, Any],
    ) -> None:
        if not self._ensured:
            ctx.impl._exec(CreateTable(lineage, if_not_exists=True))
            self._ensured = True
            if step.is_upgrade:
                for down in step.down_revision_ids:
                    self._insert(ctx, list(_ancestry(step, down)))
        if step.is_upgrade:
            self._insert(ctx, [(up, _parent(step, up)) for up in step.up_revision_ids])
        else:
            undone = delete(lineage).where(lineage.c.revision.in_(step.up_revision_ids))
            ctx.impl._exec(undone)

    @staticmethod
    def _insert(ctx: MigrationContext, rows: list[tuple[str, str | None]]) -> None:
        if rows:
            values = [{"revision": up, "down_revision": down} for up, down in rows]
            statement = insert(lineage).values(values)
            upsert = statement.on_conflict_do_update(
                index_elements=[lineage.c.revision],
                set_={"down_revision": statement.excluded.down_revision},
            )
            ctx.impl._exec(upsert)


def read_lineage(connection: Connection, revisions: set[str]) -> dict[str, str | None] | None:
    """The recorded parents of `revisions` and of their ancestors, down to the first one
    not recorded; None when the database has no lineage table (migrated by a release made
    before it existed, and not upgraded since)."""
    found = text("SELECT to_regclass(:name) IS NOT NULL")
    if not connection.scalar(found, {"name": LINEAGE_TABLE}):
        return None
    # `revisions` and their recorded ancestors (UNION, not UNION ALL: a cycle ends).
    chain = (
        select(lineage.c.revision, lineage.c.down_revision)
        .where(lineage.c.revision.in_(sorted(revisions)))
        .cte("chain", recursive=True)
    )
    parent = lineage.alias("parent")
    below = select(parent.c.revision, parent.c.down_revision)
    chain = chain.union(below.where(parent.c.revision == chain.c.down_revision))
    rows = connection.execute(select(chain.c.revision, chain.c.down_revision))
    return {revision: down for revision, down in rows}
