"""`set-unlogged`: an existing table is made UNLOGGED.

Its writes no longer reach the write-ahead log: a hot standby, and every reader that
reads from one, can no longer read the table at all ("cannot access temporary or unlogged
relations during recovery"), logical replication no longer sees it, and a crash empties
it. Made LOGGED, or a new table made UNLOGGED, passes.
"""

from collections.abc import Iterator

from pglast import ast
from pglast.enums import AlterTableType

from ._catalog import TABLES, CatalogChange, CatalogObject, Upgrade
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_SetUnLogged:
            yield Change(RULE.id, table, None, f"makes existing table {table} UNLOGGED")


def made_unlogged(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A table still there that was logged and is unlogged now."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind in TABLES and new is not None and _unlogged(new) and not _unlogged(old):
            yield upgrade.finding(RULE.id, old, f"makes existing table {new.name} UNLOGGED")


def _unlogged(table: CatalogObject) -> bool:
    return table.definition.startswith("unlogged")  # the snapshot's first word for it


RULE = Rule(
    id="set-unlogged",
    summary="an existing table is made UNLOGGED",
    hint="keep it logged: replicas' readers cannot read an unlogged table; or acknowledge",
    seen=frozenset({"catalog", "sql"}),
    sql=in_sql,
    catalog=made_unlogged,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example_other SET UNLOGGED")',
            downgrade='op.execute("ALTER TABLE example_other SET LOGGED")',
        ),
    ),
    passing=(
        RevisionExample(  # a new scratch table may be unlogged; an existing one made logged
            upgrade="""
op.execute("CREATE UNLOGGED TABLE example_scratch (id bigint)")
op.execute("ALTER TABLE example_scratch SET LOGGED")
op.execute("ALTER TABLE example_scratch SET UNLOGGED")
""",
            downgrade='op.execute("DROP TABLE example_scratch")',
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example_other SET UNLOGGED")',
            downgrade='op.execute("ALTER TABLE example_other SET LOGGED")',
            declarations="""
acknowledged = [
    {
        "rule": "set-unlogged",
        "table": "example_other",
        "why": "reviewed: a cache no replica reads, refilled after a crash",
    },
]
""",
        ),
    ),
)
