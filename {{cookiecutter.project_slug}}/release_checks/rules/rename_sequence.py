"""`rename-sequence`: a sequence is renamed.

Old releases and other services name it (`nextval('...')`); a rename breaks them
when it commits.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-sequence",
    summary="a sequence is renamed",
    hint="never rename it: add a new one",
    seen=frozenset({"catalog"}),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter RENAME TO example_tally")',
            downgrade='op.execute("ALTER SEQUENCE example_tally RENAME TO example_counter")',
        ),
    ),
)
