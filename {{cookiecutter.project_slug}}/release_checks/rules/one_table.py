"""`one-table`: the revision changes more than one table.

A small revision locks one table at a time and is easy to review and to revert.
"""

from ._rule import RevisionExample, Rule

# A revision that must change several tables at once says why in this variable.
SEVERAL_TABLES_BECAUSE = "several_tables_because"

RULE = Rule(
    id="one-table",
    summary="the revision changes more than one table",
    hint="split it into one revision per table, or say why in `several_tables_because`",
    seen=frozenset({"catalog", "operation", "sql"}),
    structural=True,
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
