"""`drop-constraint`: upgrade() drops a constraint.

Old releases and other readers may still use it; it goes with an acknowledgement,
releases after its deprecation.
"""

from ._catalog import dropped
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-constraint",
    summary="upgrade() drops a constraint",
    hint="keep the constraint; old releases and other readers may still use it",
    seen=frozenset({"catalog"}),
    catalog=dropped("constraint"),
    acknowledge=Acknowledge("column", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade="""
op.drop_constraint("ck_example_name", "example", type_="check")
""",
            downgrade="""
op.create_check_constraint("ck_example_name", "example", "name <> ''")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.drop_constraint("ck_example_name", "example", type_="check")
""",
            downgrade="""
op.create_check_constraint("ck_example_name", "example", "name <> ''")
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-constraint",
        "table": "example",
        "column": "ck_example_name",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
