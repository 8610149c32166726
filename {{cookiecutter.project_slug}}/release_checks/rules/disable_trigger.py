"""`disable-trigger`: a trigger is disabled and left so, or a foreign key's triggers
(`DISABLE TRIGGER ALL`).

What the trigger did on every write stops; a foreign key whose triggers are off is
no longer enforced. Disabled and enabled again in the same revision (a bulk load) it
passes.
"""

from collections.abc import Iterator
from dataclasses import replace

from ._catalog import CatalogChange, Upgrade, fires, trigger_definition
from ._rule import Acknowledge, RevisionExample, Rule


def disabled_triggers(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A trigger that fired on writes and no longer does (made again as another trigger
    is drop-trigger's); a foreign key's triggers disabled (`DISABLE TRIGGER ALL`) and
    left so, once per key."""
    keys_said: set[tuple[str, str]] = set()
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind == "foreign-key trigger":
            state, table, constraint = (old.identity.facts or "  ").split(" ", 2)
            now = (new.identity.facts or " ").split(" ", 1)[0] if new is not None else state
            owner = upgrade.sides[0].get(f"class {table}")
            off = state in ("O", "A") and now in ("D", "R")
            if owner and off and (table, constraint) not in keys_said:
                keys_said.add((table, constraint))
                message = (
                    f"disables the triggers of foreign key {constraint} on {owner.name}: "
                    "the key is no longer enforced"
                )
                yield replace(upgrade.finding("disable-trigger", owner, message), column=constraint)
            continue
        if old.kind != "trigger" or upgrade.table_dropped(old):
            continue
        new = new or upgrade.made_again(old)
        if new is None or not fires(old) or fires(new):
            continue
        if trigger_definition(upgrade, old, 0) == trigger_definition(upgrade, new, 1):
            message = f"disables trigger {old.name}: {new.definition.rsplit(' ', 1)[-1]}"
            yield upgrade.finding("disable-trigger", old, message)


RULE = Rule(
    id="disable-trigger",
    summary="a trigger, or a foreign key's, is disabled and left so",
    hint="enable it again before the revision ends; or acknowledge",
    seen=frozenset({"catalog"}),
    catalog=disabled_triggers,
    acknowledge=Acknowledge("column"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example DISABLE TRIGGER example_touch")',
            downgrade='op.execute("ALTER TABLE example ENABLE TRIGGER example_touch")',
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ENABLE REPLICA TRIGGER example_touch")',
            downgrade='op.execute("ALTER TABLE example ENABLE TRIGGER example_touch")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example DISABLE TRIGGER ALL")
op.execute("UPDATE example SET note = NULL WHERE false")
op.execute("ALTER TABLE example ENABLE TRIGGER ALL")
""",
            downgrade="pass",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example DISABLE TRIGGER example_touch")',
            downgrade='op.execute("ALTER TABLE example ENABLE TRIGGER example_touch")',
            declarations="""
acknowledged = [
    {
        "rule": "disable-trigger",
        "table": "example",
        "column": "example_touch",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
