"""`redefine-view`: a view is dropped and made again under its name without a column, or with a
column of another type.

Old releases and other readers select that column as it was. Made again with more
columns, or replaced with columns added at the end, it passes.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="redefine-view",
    summary="a view is made again without a column it had, or with a column of another type",
    hint="keep the view's columns as they are; add a new view for the new shape",
    seen=frozenset({"catalog"}),
    acknowledge=Acknowledge("column"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id::integer AS id, name FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE OR REPLACE VIEW example_view AS SELECT id, name, note FROM example")
op.execute("CREATE VIEW example_names AS SELECT name FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_names")
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name, code FROM example WHERE id > 0")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
            declarations="""
acknowledged = [
    {
        "rule": "redefine-view",
        "table": "example_view",
        "column": "name",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
