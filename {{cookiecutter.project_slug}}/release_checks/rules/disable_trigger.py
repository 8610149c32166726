"""`disable-trigger`: a trigger is disabled and left so, or a foreign key's triggers
(`DISABLE TRIGGER ALL`).

What the trigger did on every write stops; a foreign key whose triggers are off is
no longer enforced. Disabled and enabled again in the same revision (a bulk load) it
passes.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="disable-trigger",
    summary="a trigger, or a foreign key's, is disabled and left so",
    hint="enable it again before the revision ends; or acknowledge",
    seen=frozenset({"catalog"}),
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
