"""`drop-index`: upgrade() drops an index.

Old releases and other readers may still use it; it goes with an acknowledgement,
releases after its deprecation.
"""

from ._catalog import dropped
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-index",
    summary="upgrade() drops an index",
    hint="keep the index; old releases and other readers may still use it",
    seen=frozenset({"catalog"}),
    catalog=dropped("index"),
    acknowledge=Acknowledge("column", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.drop_index("ix_example_name", table_name="example")',
            downgrade='op.create_index("ix_example_name", "example", ["name"])',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade='op.drop_index("ix_example_name", table_name="example")',
            downgrade='op.create_index("ix_example_name", "example", ["name"])',
            declarations="""
acknowledged = [
    {
        "rule": "drop-index",
        "table": "example",
        "column": "ix_example_name",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
