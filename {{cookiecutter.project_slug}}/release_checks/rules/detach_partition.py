"""`detach-partition`: a partition is detached from its partitioned table, or a table no
longer inherits from its parent (`NO INHERIT`), and both stay.

Readers of the partitioned (or parent) table no longer see the rows it held, and writes
of those rows no longer find a partition and fail: the same for the release still
serving as a `DELETE` of them. Attaching a partition, or a new table inheriting, passes.
"""

from collections.abc import Iterator

from ._catalog import TABLES, CatalogChange, CatalogObject, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


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
    # the catalog only: the gate cannot tell a detached partition that stays from one
    # the same revision drops (an acknowledged drop-table, the usual way to retire one)
    seen=frozenset({"catalog"}),
    catalog=detached,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example_history DETACH PARTITION example_history_2026")
""",
            downgrade="""
op.execute(
    "ALTER TABLE example_history ATTACH PARTITION example_history_2026 "
    "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
)
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE TABLE example_history_2027 (at date NOT NULL)")
op.execute(
    "ALTER TABLE example_history ATTACH PARTITION example_history_2027 "
    "FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')"
)
""",
            downgrade='op.execute("DROP TABLE example_history_2027")',
        ),
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example_history DETACH PARTITION example_history_2026")
""",
            downgrade="""
op.execute(
    "ALTER TABLE example_history ATTACH PARTITION example_history_2026 "
    "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
)
""",
            declarations="""
acknowledged = [
    {
        "rule": "detach-partition",
        "table": "example_history_2026",
        "why": "reviewed: 2026 is archived; nothing reads it through example_history since 0.4",
    },
]
""",
        ),
    ),
)
