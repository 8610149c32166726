"""`drop-type`: upgrade() drops a type.

Old releases and other readers may still use it; it goes with an acknowledgement,
releases after its deprecation.
"""

from ._catalog import dropped
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-type",
    summary="upgrade() drops a type",
    hint="keep the type; old releases and other readers may still use it",
    seen=frozenset({"catalog"}),
    catalog=dropped("type"),
    acknowledge=Acknowledge("table", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP TYPE example_mood")',
            downgrade="""
op.execute("CREATE TYPE example_mood AS ENUM ('ok', 'sad')")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade='op.execute("DROP TYPE example_mood")',
            downgrade="""
op.execute("CREATE TYPE example_mood AS ENUM ('ok', 'sad')")
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-type",
        "table": "example_mood",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
