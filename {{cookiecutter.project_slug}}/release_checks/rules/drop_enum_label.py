"""`drop-enum-label`: an enum label is removed (the type is made again without it).

Rows and old releases may still use the label.
"""

from ._catalog import dropped
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-enum-label",
    summary="an enum label is removed (the type is made again without it)",
    hint="keep the label: rows and old releases may still use it",
    seen=frozenset({"catalog"}),
    catalog=dropped("enum-label"),
    acknowledge=Acknowledge("column", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("DROP TYPE example_mood")
op.execute("CREATE TYPE example_mood AS ENUM ('ok')")
""",
            downgrade="""
op.execute("DROP TYPE example_mood")
op.execute("CREATE TYPE example_mood AS ENUM ('ok', 'sad')")
""",
        ),
    ),
)
