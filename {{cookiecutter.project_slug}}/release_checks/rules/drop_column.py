"""`drop-column`: upgrade() drops a column.

The release still running maps the column; it goes only once declared deprecated, unused
by a recorded release, and old enough.
"""

from ._catalog import dropped
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-column",
    summary="upgrade() drops a column",
    hint="stop using the column first; drop it releases later with an `acknowledged` entry",
    seen=frozenset({"catalog", "operation", "sql"}),
    catalog=dropped("column"),
    acknowledge=Acknowledge("column", counted_from="models"),
    squawk=("ban-drop-column",),
    refused=(
        RevisionExample(
            upgrade='op.drop_column("example", "note")',
            downgrade="""
op.add_column("example", sa.Column("note", sa.Text(), nullable=True))
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example DROP COLUMN note")',
            downgrade="""
op.add_column("example", sa.Column("note", sa.Text(), nullable=True))
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "name", existing_type=sa.Text(), nullable=True)
""",
            downgrade="""
op.alter_column("example", "name", existing_type=sa.Text(), nullable=False)
""",
        ),
    ),
)
