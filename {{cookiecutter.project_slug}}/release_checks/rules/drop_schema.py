"""`drop-schema`: upgrade() drops a schema.

Old releases and other services use what is in it (each drop of what was in it is
this one finding); it goes with an acknowledgement, releases after its deprecation.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


def dropped_schemas(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A schema dropped (the walk says no more of what was in it: one change, one
    finding)."""
    for old in upgrade.dropped.values():
        if old.kind == "schema":
            yield upgrade.finding("drop-schema", old, f"drops schema {old.name}")


RULE = Rule(
    id="drop-schema",
    summary="upgrade() drops a schema",
    hint="keep the schema; old releases and other services use it",
    seen=frozenset({"catalog"}),
    catalog=dropped_schemas,
    acknowledge=Acknowledge("table", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP SCHEMA example_extra")',
            downgrade='op.execute("CREATE SCHEMA example_extra")',
        ),
        RevisionExample(
            upgrade="""
op.execute("CREATE TABLE example_extra.item (id bigint PRIMARY KEY)")
op.execute("DROP SCHEMA example_extra CASCADE")
""",
            downgrade='op.execute("CREATE SCHEMA example_extra")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE SCHEMA example_more")
op.execute("CREATE TABLE example_extra.item (id bigint PRIMARY KEY)")
""",
            downgrade="""
op.execute("DROP TABLE example_extra.item")
op.execute("DROP SCHEMA example_more")
""",
        ),
        RevisionExample(
            upgrade='op.execute("DROP SCHEMA example_extra")',
            downgrade='op.execute("CREATE SCHEMA example_extra")',
            declarations="""
acknowledged = [
    {
        "rule": "drop-schema",
        "table": "example_extra",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
