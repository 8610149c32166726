"""`rename-enum-label`: an enum label is renamed.

Rows and old releases use the old label.
"""

from ._catalog import renamed
from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-enum-label",
    summary="an enum label is renamed",
    hint="never rename a label: add the new one (ALTER TYPE ... ADD VALUE) and keep the old",
    seen=frozenset({"catalog"}),
    catalog=renamed("enum-label"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("ALTER TYPE example_mood RENAME VALUE 'sad' TO 'blue'")
""",
            downgrade="""
op.execute("ALTER TYPE example_mood RENAME VALUE 'blue' TO 'sad'")
""",
        ),
    ),
)
