"""`drop-table`: upgrade() drops a table.

The release still running maps the table; it goes only once declared deprecated, unused
by a recorded release, and old enough.
"""

from ._catalog import dropped
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-table",
    summary="upgrade() drops a table",
    hint="stop using the table first; drop it releases later with an `acknowledged` entry",
    seen=frozenset({"catalog", "operation", "sql"}),
    catalog=dropped("table"),
    acknowledge=Acknowledge("table", counted_from="models"),
    squawk=("ban-drop-table",),
    refused=(
        RevisionExample(
            upgrade='op.drop_table("example_other")',
            downgrade="""
op.create_table("example_other", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.create_table("scratch", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
op.drop_table("scratch")
""",
            downgrade="pass",
        ),
    ),
)
