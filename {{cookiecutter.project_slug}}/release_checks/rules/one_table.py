"""`one-table`: the revision changes more than one table.

A small revision locks one table at a time and is easy to review and to revert.
"""

from collections.abc import Iterator

from ._catalog import TABLES, CatalogChange, Side, Upgrade, rule_name
from ._rule import RevisionExample, Rule

# A revision that must change several tables at once says why in this variable.
SEVERAL_TABLES_BECAUSE = "several_tables_because"


def tables_changed(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """More than one table that existed before the upgrade changed. A table's own rows
    (columns, indexes, constraints, triggers, policies, grants, comments...) are what it
    is; a new table's foreign key to an old one changes only the new table, a foreign
    key to a dropped table goes with that table, and a partition's changes count as its
    partitioned table's. (A row the same in both snapshots is in a table's rows before and
    after alike: the changed rows decide.) The walk lets it pass when the revision says
    why in SEVERAL_TABLES_BECAUSE, or renames something (a foreign key names its table)."""
    before, after = upgrade.sides
    changed_rows = [
        (side, key, side.snapshot.identities[key])
        for side in upgrade.sides
        for key in upgrade.changed
        if key in side.snapshot.identities
    ]

    def table_name(side: Side, table: int | None) -> str | None:
        thing = side.get(f"class {table}")
        return thing.name if thing is not None and thing.kind in TABLES else None

    tables: dict[int, str] = {
        table: name
        for _side, _key, identity in changed_rows
        if (table := identity.table) is not None and (name := table_name(before, table)) is not None
    }
    dropped = {str(table) for table in tables if after.get(f"class {table}") is None}

    def parent(table: int) -> int | None:
        for side in (after, before):  # a partition's table as the upgrade left it
            thing = side.get(f"class {table}")
            if thing is not None and thing.kind in TABLES and thing.identity.facts:
                return int(thing.identity.facts)
        return None

    def rows(side: Side) -> dict[int, set[tuple[str, str, str | None]]]:
        found: dict[int, set[tuple[str, str, str | None]]] = {}
        for row_side, (kind, name), identity in changed_rows:
            if row_side is not side:
                continue
            if kind == "constraint" and (identity.facts or " ").split(" ")[1] in dropped:
                continue  # a foreign key to a dropped table goes with it
            if (table := identity.table) is not None and table in tables:
                found.setdefault(table, set()).add(
                    (kind, name, side.snapshot.objects.get((kind, name)))
                )
        return found

    old, new = rows(before), rows(after)
    changed = set()
    for table in tables:
        if old.get(table) != new.get(table):
            while (up := parent(table)) is not None:
                table = up
            changed.add(tables.get(table) or table_name(before, table) or str(table))
    if len(changed) > 1:
        names = sorted(rule_name(name) for name in changed)
        message = f"changes {len(names)} tables that existed before it: {', '.join(names)}"
        yield CatalogChange("one-table", None, None, message)


RULE = Rule(
    id="one-table",
    summary="the revision changes more than one table",
    hint="split it into one revision per table, or say why in `several_tables_because`",
    seen=frozenset({"catalog", "operation", "sql"}),
    structural=True,
    catalog=tables_changed,
    refused=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
op.add_column("example_other", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade="""
op.drop_column("example_other", "remark")
op.drop_column("example", "remark")
""",
        ),
        # A new table does not hide the two old ones changed beside it.
        RevisionExample(
            upgrade="""
op.create_table("example_tag", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
op.execute("ALTER TABLE example ADD COLUMN tag text; ALTER TABLE example_other ADD COLUMN tag text")
""",
            downgrade="""
op.execute("ALTER TABLE example_other DROP COLUMN tag; ALTER TABLE example DROP COLUMN tag")
op.drop_table("example_tag")
""",
        ),
        # New tables count too, one revision each (as the guide makes account, then users),
        # however they are made.
        RevisionExample(
            upgrade="""
op.create_table(
    "example_owner",
    sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    sa.Column("example_id", sa.BigInteger(), sa.ForeignKey("example.id"), nullable=False),
)
op.create_table(
    "example_item",
    sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    sa.Column("owner_id", sa.BigInteger(), sa.ForeignKey("example_owner.id"), nullable=False),
)
""",
            downgrade="""
op.drop_table("example_item")
op.drop_table("example_owner")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute(
    "CREATE TABLE example_topic (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"
    " CREATE TABLE example_topic_link ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " topic_id bigint NOT NULL REFERENCES example_topic (id))"
)
""",
            downgrade='op.execute("DROP TABLE example_topic_link; DROP TABLE example_topic")',
        ),
        RevisionExample(  # a partition counts as its partitioned table: still two tables
            upgrade="""
op.execute("CREATE TABLE example_event (at date NOT NULL) PARTITION BY RANGE (at)")
op.execute(
    "CREATE TABLE example_event_2026 PARTITION OF example_event "
    "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
)
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade="""
op.drop_column("example", "remark")
op.execute("DROP TABLE example_event")
""",
        ),
    ),
    passing=(
        # A new table with its index and a foreign key to an old table: one table.
        RevisionExample(
            upgrade="""
op.create_table(
    "example_owner",
    sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    sa.Column("example_id", sa.BigInteger(), sa.ForeignKey("example.id"), nullable=False),
)
op.create_index("ix_example_owner_example_id", "example_owner", ["example_id"])
""",
            downgrade="""
op.drop_index("ix_example_owner_example_id", table_name="example_owner")
op.drop_table("example_owner")
""",
        ),
        # An index's own statement (ALTER INDEX) changes the table it is on: no other.
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("tag", sa.Text(), nullable=True))
op.execute("ALTER INDEX ix_example_name SET (fillfactor = 80)")
""",
            downgrade="""
op.execute("ALTER INDEX ix_example_name RESET (fillfactor)")
op.drop_column("example", "tag")
""",
        ),
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
op.add_column("example_other", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade="""
op.drop_column("example_other", "remark")
op.drop_column("example", "remark")
""",
            declarations="""
several_tables_because = "both tables gain the same field in one step"
""",
        ),
        RevisionExample(  # a partitioned table and its partitions, made or attached
            upgrade="""
op.create_table(
    "example_event",
    sa.Column("at", sa.Date(), nullable=False),
    postgresql_partition_by="RANGE (at)",
)
op.execute(
    "CREATE TABLE example_event_2026 PARTITION OF example_event "
    "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
)
op.create_table("example_event_2027", sa.Column("at", sa.Date(), nullable=False))
op.execute(
    "ALTER TABLE example_event ATTACH PARTITION example_event_2027 "
    "FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')"
)
""",
            downgrade='op.drop_table("example_event")',
        ),
    ),
)
