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
