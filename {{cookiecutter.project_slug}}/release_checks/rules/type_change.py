"""`type-change`: the type of an existing column changes.

Old code reads and writes the old type; most changes also rewrite the table under an
exclusive lock.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="type-change",
    summary="the type of an existing column changes",
    hint="add a column of the new type and fill it; or acknowledge a reviewed, safe widening",
    seen=frozenset({"catalog", "operation", "sql"}),
    acknowledge=Acknowledge("column"),
    squawk=("changing-column-type",),
    refused=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "name", type_=sa.String(20), existing_type=sa.Text())
""",
            downgrade="""
op.alter_column("example", "name", type_=sa.Text(), existing_type=sa.String(20))
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "code", type_=sa.Text(), existing_type=sa.String(20))
""",
            downgrade="""
op.alter_column("example", "code", type_=sa.String(20), existing_type=sa.Text())
""",
            declarations="""
acknowledged = [
    {
        "rule": "type-change",
        "table": "example",
        "column": "code",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
