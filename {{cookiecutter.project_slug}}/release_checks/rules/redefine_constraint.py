"""`redefine-constraint`: a table's constraint is dropped and made again under its name as
another one.

A stricter check refuses what old releases still write; another key breaks what
other readers join on. Made again as it was (NOT VALID, then validated) it passes, and so
does a check whose `IN (...)` list only grows (what old releases write still passes, as
with an enum label added).
"""

from ._catalog import redefined
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="redefine-constraint",
    summary="a constraint is made again under its name as another one",
    hint="add the new constraint under a new name (NOT VALID, then VALIDATE); or acknowledge",
    seen=frozenset({"catalog"}),
    catalog=redefined("constraint"),
    acknowledge=Acknowledge("column"),
    refused=(
        RevisionExample(
            upgrade="""
op.drop_constraint("ck_example_name", "example", type_="check")
op.create_check_constraint("ck_example_name", "example", "length(name) > 2")
""",
            downgrade="""
op.drop_constraint("ck_example_name", "example", type_="check")
op.create_check_constraint("ck_example_name", "example", "name <> ''")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute(
    "ALTER TABLE example DROP CONSTRAINT ck_example_name, "
    "ADD CONSTRAINT ck_example_name CHECK (name <> '') NOT VALID"
)
op.execute("ALTER TABLE example VALIDATE CONSTRAINT ck_example_name")
""",
            downgrade="""
op.drop_constraint("ck_example_name", "example", type_="check")
op.create_check_constraint("ck_example_name", "example", "name <> ''")
""",
        ),
        RevisionExample(
            upgrade="""
op.drop_constraint("ck_example_name", "example", type_="check")
op.create_check_constraint("ck_example_name", "example", "length(name) > 2")
""",
            downgrade="""
op.drop_constraint("ck_example_name", "example", type_="check")
op.create_check_constraint("ck_example_name", "example", "name <> ''")
""",
            declarations="""
acknowledged = [
    {
        "rule": "redefine-constraint",
        "table": "example",
        "column": "ck_example_name",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
