"""`rename-index`: an index is renamed.

Old releases and other readers name it; a rename breaks them when it commits.
"""

from ._catalog import renamed
from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-index",
    summary="an index is renamed",
    hint="never rename the index: add a new one",
    seen=frozenset({"catalog"}),
    catalog=renamed("index"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("ALTER INDEX ix_example_name RENAME TO ix_example_label")
""",
            downgrade="""
op.execute("ALTER INDEX ix_example_label RENAME TO ix_example_name")
""",
        ),
    ),
)
