"""`rename-function`: a function, procedure or aggregate is renamed (or moved to
another schema).

Old releases and other services call it by its name; a rename breaks them when it
commits.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-function",
    summary="a function or procedure is renamed",
    hint="never rename it: add it under the new name, and drop the old later",
    seen=frozenset({"catalog"}),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER FUNCTION example_total(integer) RENAME TO example_sum")',
            downgrade='op.execute("ALTER FUNCTION example_sum(integer) RENAME TO example_total")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE FUNCTION example_sum(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
            downgrade='op.execute("DROP FUNCTION example_sum(integer)")',
        ),
    ),
)
