"""`set-not-null`: an existing column becomes NOT NULL.

Old code may still write NULL, and the check scans the table under an exclusive lock.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="set-not-null",
    summary="an existing column becomes NOT NULL",
    hint="add a CHECK (col IS NOT NULL) NOT VALID constraint and validate it; or acknowledge",
    seen=frozenset({"catalog", "operation", "sql"}),
    acknowledge=Acknowledge("column"),
    squawk=("adding-not-nullable-field",),
    refused=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=False)
""",
            downgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=True)
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=False)
""",
            downgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=True)
""",
            declarations="""
acknowledged = [
    {
        "rule": "set-not-null",
        "table": "example",
        "column": "note",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
