"""`rename-schema`: a schema is renamed.

Old releases and other services name what is in it through it (each rename of what
is in it is this one finding); a rename breaks them when it commits.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-schema",
    summary="a schema is renamed",
    hint="never rename it: add a new one",
    seen=frozenset({"catalog"}),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER SCHEMA example_extra RENAME TO example_more")',
            downgrade='op.execute("ALTER SCHEMA example_more RENAME TO example_extra")',
        ),
    ),
)
