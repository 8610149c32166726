"""`not-null-without-default`: a NOT NULL column is added to an existing table without a
server default.

Old code inserts rows without the column: every insert fails.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="not-null-without-default",
    summary="a NOT NULL column is added to an existing table without a server default",
    hint="give it server_default=..., or add it nullable; or acknowledge",
    seen=frozenset({"operation", "sql"}),
    acknowledge=Acknowledge("column"),
    squawk=("adding-required-field",),
    refused=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("flag", sa.Boolean(), nullable=False))
""",
            downgrade='op.drop_column("example", "flag")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.add_column(
    "example",
    sa.Column("flag", sa.Boolean(), nullable=False, server_default=sa.false()),
)
""",
            downgrade='op.drop_column("example", "flag")',
        ),
    ),
)
