"""`drop-view`: upgrade() drops a view.

Old releases and other readers may still use it; it goes with an acknowledgement,
releases after its deprecation.
"""

from ._catalog import dropped
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-view",
    summary="upgrade() drops a view",
    hint="keep the view; old releases and other readers may still use it",
    seen=frozenset({"catalog"}),
    catalog=dropped("view"),
    acknowledge=Acknowledge("table", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP VIEW example_view")',
            downgrade="""
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade='op.execute("DROP VIEW example_view")',
            downgrade="""
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-view",
        "table": "example_view",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
