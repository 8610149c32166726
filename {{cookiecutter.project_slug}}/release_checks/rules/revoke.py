"""`revoke`: a privilege a role (or PUBLIC) had on a table, column, view, sequence,
function, type or schema that stays is revoked.

The services and people reading with that role fail. A grant passes.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="revoke",
    summary="a privilege on an object that stays is revoked",
    hint="keep the privilege; revoke it releases after the role's users moved on, acknowledged",
    seen=frozenset({"catalog"}),
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("REVOKE USAGE ON TYPE example_mood FROM PUBLIC")',
            downgrade='op.execute("GRANT USAGE ON TYPE example_mood TO PUBLIC")',
        ),
        RevisionExample(
            upgrade='op.execute("REVOKE ALL ON FUNCTION example_total(integer) FROM PUBLIC")',
            downgrade='op.execute("GRANT EXECUTE ON FUNCTION example_total(integer) TO PUBLIC")',
        ),
        RevisionExample(
            upgrade='op.execute("REVOKE USAGE ON SEQUENCE example_counter FROM PUBLIC")',
            downgrade='op.execute("GRANT USAGE ON SEQUENCE example_counter TO PUBLIC")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("GRANT SELECT, UPDATE ON SEQUENCE example_counter TO PUBLIC")
op.execute("CREATE TABLE example_log (id bigint PRIMARY KEY, note text)")
op.execute("GRANT SELECT ON example_log TO PUBLIC")
op.execute("GRANT UPDATE (note) ON example_log TO PUBLIC")
""",
            downgrade="""
op.execute("DROP TABLE example_log")
op.execute("REVOKE SELECT, UPDATE ON SEQUENCE example_counter FROM PUBLIC")
""",
        ),
        RevisionExample(
            upgrade='op.execute("REVOKE USAGE ON SEQUENCE example_counter FROM PUBLIC")',
            downgrade='op.execute("GRANT USAGE ON SEQUENCE example_counter TO PUBLIC")',
            declarations="""
acknowledged = [
    {
        "rule": "revoke",
        "table": "example_counter",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
