"""`rename-column`: a column is renamed.

Old releases still running read and write the old name: a rename breaks them the moment
it commits.
"""

from ._catalog import renamed
from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-column",
    summary="a column is renamed",
    hint="never rename: add a column with the new name, write to both, stop reading the old",
    seen=frozenset({"catalog", "operation", "sql"}),
    catalog=renamed("column"),
    squawk=("renaming-column",),
    refused=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "note", new_column_name="remark")
""",
            downgrade="""
op.alter_column("example", "remark", new_column_name="note")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example RENAME COLUMN note TO remark")
""",
            downgrade="""
op.execute("ALTER TABLE example RENAME COLUMN remark TO note")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade='op.drop_column("example", "remark")',
        ),
    ),
)
