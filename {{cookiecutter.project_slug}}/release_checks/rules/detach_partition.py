"""`detach-partition`: a partition is detached from its partitioned table, or a table no
longer inherits from its parent (`NO INHERIT`), and both stay.

Readers of the partitioned (or parent) table no longer see the rows it held, and writes
of those rows no longer find a partition and fail: the same for the release still
serving as a `DELETE` of them. Attaching a partition, or a new table inheriting, passes.
"""

from collections.abc import Iterator

from pglast import ast
from pglast.enums import AlterTableType

from ._catalog import TABLES, CatalogChange, CatalogObject, Upgrade
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered, relation_name


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, command in altered(node, created):
        detaching = command.def_
        if isinstance(detaching, ast.PartitionCmd) and (
            command.subtype == AlterTableType.AT_DetachPartition
        ):
            part = relation_name(detaching.name)
            yield Change(RULE.id, part, None, f"detaches partition {part} from {table}")
        elif isinstance(detaching, ast.RangeVar) and (
            command.subtype == AlterTableType.AT_DropInherit
        ):
            parent = relation_name(detaching)
            yield Change(RULE.id, table, None, f"makes {table} no longer inherit from {parent}")


def detached(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A table still there that was a partition of (or inherited from) a table still
    there, and no longer is."""
    before, after = upgrade.sides
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind not in TABLES or new is None:
            continue
        parent = old.identity.facts  # a partition's partitioned table's OID
        if parent and new.identity.facts != parent and after.get(f"class {parent}"):
            was = before.get(f"class {parent}")
            name = was.name if was is not None else parent
            yield upgrade.finding(RULE.id, old, f"detaches partition {new.name} from {name}")
        elif _inherits(old) and not _inherits(new):
            yield upgrade.finding(RULE.id, old, f"makes {new.name} no longer inherit")


def _inherits(table: CatalogObject) -> bool:
    return " inherits " in f" {table.definition}"


RULE = Rule(
    id="detach-partition",
    summary="a partition is detached, or a table no longer inherits, and both stay",
    hint="keep it attached while anything reads its rows through the parent; or acknowledge",
    seen=frozenset({"catalog", "sql"}),
    sql=in_sql,
    catalog=detached,
    acknowledge=Acknowledge("table"),
    # example_log: a table partitioned by range of `at`, made by an earlier revision
    refused=(
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example_log DETACH PARTITION example_log_2026 CONCURRENTLY")
""",
            downgrade="""
op.execute(
    "ALTER TABLE example_log ATTACH PARTITION example_log_2026 "
    "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
)
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example_archive NO INHERIT example")',
            downgrade='op.execute("ALTER TABLE example_archive INHERIT example")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute(
    "ALTER TABLE example_log ATTACH PARTITION example_log_2027 "
    "FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')"
)
""",
            downgrade='op.execute("ALTER TABLE example_log DETACH PARTITION example_log_2027")',
        ),
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example_log DETACH PARTITION example_log_2026 CONCURRENTLY")
""",
            downgrade="""
op.execute(
    "ALTER TABLE example_log ATTACH PARTITION example_log_2026 "
    "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
)
""",
            declarations="""
acknowledged = [
    {
        "rule": "detach-partition",
        "table": "example_log_2026",
        "why": "reviewed: 2026 is archived; nothing reads it through example_log since 0.4",
    },
]
""",
        ),
    ),
)
