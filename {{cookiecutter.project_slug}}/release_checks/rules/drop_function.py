"""`drop-function`: upgrade() drops a function, procedure or aggregate, gives it a new
signature, or makes it again returning something else.

Old releases and other services call it as it was; it goes with an acknowledgement,
releases after its deprecation. A trigger function goes with its triggers
(`drop-trigger`).
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="drop-function",
    summary="upgrade() drops a function or procedure, or changes its signature or result",
    hint="keep it; add the new signature beside it (an overload, or a new name)",
    seen=frozenset({"catalog"}),
    acknowledge=Acknowledge("table", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP FUNCTION example_total(integer)")',
            downgrade="""
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP FUNCTION example_total(integer)")
op.execute("CREATE FUNCTION example_total(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT $1'")
""",
            downgrade="""
op.execute("DROP FUNCTION example_total(bigint)")
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP FUNCTION example_total(integer)")
op.execute("CREATE FUNCTION example_total(integer) RETURNS text LANGUAGE sql AS 'SELECT $1::text'")
""",
            downgrade="""
op.execute("DROP FUNCTION example_total(integer)")
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute(
    "CREATE OR REPLACE FUNCTION example_total(integer) RETURNS integer "
    "LANGUAGE sql AS 'SELECT $1 + 0'"
)
op.execute("CREATE FUNCTION example_total(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT $1'")
op.execute("CREATE PROCEDURE example_reset() LANGUAGE sql AS 'SELECT 1'")
""",
            downgrade="""
op.execute("DROP PROCEDURE example_reset()")
op.execute("DROP FUNCTION example_total(bigint)")
op.execute(
    "CREATE OR REPLACE FUNCTION example_total(integer) RETURNS integer "
    "LANGUAGE sql AS 'SELECT $1'"
)
""",
        ),
        RevisionExample(
            upgrade='op.execute("DROP FUNCTION example_total(integer)")',
            downgrade="""
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-function",
        "table": "example_total(integer)",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
