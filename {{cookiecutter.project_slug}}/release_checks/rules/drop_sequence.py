"""`drop-sequence`: upgrade() drops a sequence that no column owns (or makes it again:
it counts from its start again).

Old releases and other services draw from it; it goes with an acknowledgement,
releases after its deprecation. A column's own sequence goes with the column.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


def dropped_sequences(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A sequence dropped (made again, it counts from its start again). One a column owns
    goes with the column, whose finding says it."""
    for old in upgrade.dropped.values():
        if old.kind == "sequence" and " owned by " not in old.definition:
            yield upgrade.finding("drop-sequence", old, f"drops sequence {old.name}")


RULE = Rule(
    id="drop-sequence",
    summary="upgrade() drops a sequence",
    hint="keep the sequence; old releases and other services draw from it",
    seen=frozenset({"catalog"}),
    catalog=dropped_sequences,
    acknowledge=Acknowledge("table", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP SEQUENCE example_counter")',
            downgrade='op.execute("CREATE SEQUENCE example_counter")',
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP SEQUENCE example_counter")
op.execute("CREATE SEQUENCE example_counter")
""",
            downgrade="pass",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE SEQUENCE example_ticket AS integer")
op.execute("ALTER SEQUENCE example_counter MAXVALUE 9223372036854775807 CACHE 1")
""",
            downgrade='op.execute("DROP SEQUENCE example_ticket")',
        ),
        RevisionExample(
            upgrade='op.execute("DROP SEQUENCE example_counter")',
            downgrade="""
op.execute("CREATE SEQUENCE example_counter")
op.execute("GRANT USAGE ON SEQUENCE example_counter TO PUBLIC")
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-sequence",
        "table": "example_counter",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
