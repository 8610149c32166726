"""`drop-extension`: upgrade() drops an extension.

Its functions, operators and types go with it (`DROP EXTENSION pgcrypto` takes
`gen_random_uuid()` and `crypt()` along): old releases and other services calling them
fail. It goes with an acknowledgement, releases after its deprecation.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


def dropped_extensions(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """An extension there before the upgrade and not after (the snapshot lists each
    extension by name, and none of the objects that belong to it)."""
    before, after = (side.snapshot.objects for side in upgrade.sides)
    for kind, name in sorted(before.keys() - after.keys()):
        if kind == "extension":
            message = f"drops extension {name} and every function and type of it"
            yield CatalogChange(RULE.id, name, None, message)


RULE = Rule(
    id="drop-extension",
    summary="upgrade() drops an extension",
    hint="keep it; old releases and other services may still call what it brings",
    seen=frozenset({"catalog"}),
    catalog=dropped_extensions,
    acknowledge=Acknowledge("table", counted_from="entry"),
    # the walk judges it, with its acknowledgement and release counting, as a view's drop
    squawk=("ban-drop-extension",),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP EXTENSION pg_trgm")',
            downgrade='op.execute("CREATE EXTENSION pg_trgm")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade='op.execute("DROP EXTENSION pg_trgm")',
            downgrade='op.execute("CREATE EXTENSION pg_trgm")',
            declarations="""
acknowledged = [
    {
        "rule": "drop-extension",
        "table": "pg_trgm",
        "deprecated_in": "0.1",
        "why": "reviewed: nothing calls similarity() since 0.3",
    },
]
""",
        ),
    ),
)
