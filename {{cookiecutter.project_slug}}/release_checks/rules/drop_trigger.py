"""`drop-trigger`: upgrade() drops a trigger, or makes it again under its name as
another one.

What it did on every write (an audit row, a derived column) other writers count on;
it goes with an acknowledgement, releases after its deprecation.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade, trigger_definition
from ._rule import Acknowledge, RevisionExample, Rule


def dropped_triggers(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A trigger of a table that stays, dropped or made again as another."""
    for key, old in upgrade.before.items():
        if old.kind != "trigger" or upgrade.table_dropped(old):
            continue
        new = upgrade.after.get(key) or upgrade.made_again(old)
        if new is None:
            yield upgrade.finding("drop-trigger", old, f"drops trigger {old.name}")
        elif trigger_definition(upgrade, old, 0) != (
            becomes := trigger_definition(upgrade, new, 1)
        ):
            yield upgrade.finding(
                "drop-trigger", old, f"makes trigger {old.name} again as {becomes}"
            )


RULE = Rule(
    id="drop-trigger",
    summary="upgrade() drops a trigger, or makes it again as another one",
    hint="keep the trigger; old releases and other writers count on what it does",
    seen=frozenset({"catalog"}),
    catalog=dropped_triggers,
    acknowledge=Acknowledge("column", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP TRIGGER example_touch ON example")',
            downgrade="""
op.execute(
    "CREATE TRIGGER example_touch BEFORE UPDATE ON example "
    "FOR EACH ROW EXECUTE FUNCTION example_touch()"
)
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP TRIGGER example_touch ON example")
op.execute(
    "CREATE TRIGGER example_touch BEFORE INSERT ON example "
    "FOR EACH ROW EXECUTE FUNCTION example_touch()"
)
""",
            downgrade="""
op.execute("DROP TRIGGER example_touch ON example")
op.execute(
    "CREATE TRIGGER example_touch BEFORE UPDATE ON example "
    "FOR EACH ROW EXECUTE FUNCTION example_touch()"
)
""",
        ),
        RevisionExample(
            upgrade='op.execute("DROP FUNCTION example_touch() CASCADE")',
            downgrade="""
op.execute(
    "CREATE FUNCTION example_touch() RETURNS trigger "
    "LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'"
)
op.execute(
    "CREATE TRIGGER example_touch BEFORE UPDATE ON example "
    "FOR EACH ROW EXECUTE FUNCTION example_touch()"
)
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute(
    "CREATE TRIGGER example_other_touch BEFORE UPDATE ON example_other "
    "FOR EACH ROW EXECUTE FUNCTION example_touch()"
)
""",
            downgrade='op.execute("DROP TRIGGER example_other_touch ON example_other")',
        ),
        RevisionExample(
            upgrade='op.execute("DROP TRIGGER example_touch ON example")',
            downgrade="""
op.execute(
    "CREATE TRIGGER example_touch BEFORE UPDATE ON example "
    "FOR EACH ROW EXECUTE FUNCTION example_touch()"
)
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-trigger",
        "table": "example",
        "column": "example_touch",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
