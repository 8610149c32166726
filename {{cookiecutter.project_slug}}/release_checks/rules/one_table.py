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
    ),
)
