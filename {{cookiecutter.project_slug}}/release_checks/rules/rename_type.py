"""`rename-type`: a type is renamed.

Old releases and other readers name it; a rename breaks them when it commits.
"""

from ._catalog import renamed
from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-type",
    summary="a type is renamed",
    hint="never rename the type: add a new one",
    seen=frozenset({"catalog"}),
    catalog=renamed("type"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("ALTER TYPE example_mood RENAME TO example_feeling")
""",
            downgrade="""
op.execute("ALTER TYPE example_feeling RENAME TO example_mood")
""",
        ),
    ),
)
