"""`redefine-index`: an index is dropped and made again under its name as another one.

Other columns, another uniqueness, predicate or expression: queries and `ON CONFLICT`
clauses of old releases and other readers counted on the old one. Rebuilt as it was (a
new index renamed to the old name) it passes.
"""

from ._catalog import redefined
from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="redefine-index",
    summary="an index is made again under its name as another one",
    hint="add the new index under a new name, and drop the old one later with drop-index",
    seen=frozenset({"catalog"}),
    catalog=redefined("index"),
    acknowledge=Acknowledge("column"),
    refused=(
        RevisionExample(
            upgrade="""
op.drop_index("ix_example_name", table_name="example")
op.create_index("ix_example_name", "example", ["name", "note"])
""",
            downgrade="""
op.drop_index("ix_example_name", table_name="example")
op.create_index("ix_example_name", "example", ["name"])
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP INDEX ix_example_name")
op.execute("CREATE UNIQUE INDEX ix_example_name ON example (name)")
""",
            downgrade="""
op.execute("DROP INDEX ix_example_name")
op.execute("CREATE INDEX ix_example_name ON example (name)")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE INDEX ix_example_name_new ON example (name)")
op.execute("DROP INDEX ix_example_name")
op.execute("ALTER INDEX ix_example_name_new RENAME TO ix_example_name")
""",
            downgrade="""
op.execute("CREATE INDEX ix_example_name_old ON example (name)")
op.execute("DROP INDEX ix_example_name")
op.execute("ALTER INDEX ix_example_name_old RENAME TO ix_example_name")
""",
        ),
        RevisionExample(
            upgrade="""
op.drop_index("ix_example_name", table_name="example")
op.create_index("ix_example_name", "example", ["name", "note"])
""",
            downgrade="""
op.drop_index("ix_example_name", table_name="example")
op.create_index("ix_example_name", "example", ["name"])
""",
            declarations="""
acknowledged = [
    {
        "rule": "redefine-index",
        "table": "example",
        "column": "ix_example_name",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
