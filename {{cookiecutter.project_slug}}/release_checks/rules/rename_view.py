"""`rename-view`: a view is renamed.

Old releases and other readers name it; a rename breaks them when it commits.
"""

from ._catalog import renamed
from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-view",
    summary="a view is renamed",
    hint="never rename the view: add a new one",
    seen=frozenset({"catalog"}),
    catalog=renamed("view"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER VIEW example_view RENAME TO sample_view")',
            downgrade='op.execute("ALTER VIEW sample_view RENAME TO example_view")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE VIEW sample_view AS SELECT id, name FROM example")
""",
            downgrade='op.execute("DROP VIEW sample_view")',
        ),
    ),
)
