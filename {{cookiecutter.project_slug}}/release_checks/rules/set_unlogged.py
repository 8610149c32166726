"""`set-unlogged`: an existing table is made UNLOGGED.

Its writes no longer reach the write-ahead log: a hot standby, and every reader that
reads from one, can no longer read the table at all ("cannot access temporary or unlogged
relations during recovery"), logical replication no longer sees it, and a crash empties
it. Made LOGGED, or a new table made UNLOGGED, passes.
"""

from collections.abc import Iterator

from ._catalog import TABLES, CatalogChange, CatalogObject, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


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
    # the catalog only: a bulk load makes a table unlogged and logged again, which the
    # gate, reading one statement at a time, would refuse
    seen=frozenset({"catalog"}),
    catalog=made_unlogged,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example_other SET UNLOGGED")',
            downgrade='op.execute("ALTER TABLE example_other SET LOGGED")',
        ),
    ),
    passing=(
        RevisionExample(  # a bulk load: unlogged while it loads, logged again after
            upgrade="""
op.execute("ALTER TABLE example_other SET UNLOGGED")
op.execute("INSERT INTO example_other SELECT FROM generate_series(1, 10)")
op.execute("ALTER TABLE example_other SET LOGGED")
""",
            downgrade='op.execute("DELETE FROM example_other")',
        ),
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
