"""`row-security`: row-level security hides a table's rows it did not hide: turned on
(or forced) with no permissive policy, or its last permissive policy dropped.

Every role but the owner (forced: the owner too) reads nothing and writes nothing.
Turned on with a policy that lets rows through, it passes.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="row-security",
    summary="row-level security now hides every row of a table",
    hint="create a permissive policy in the same revision that turns it on",
    seen=frozenset({"catalog"}),
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY")',
            downgrade='op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY")',
        ),
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY")
op.execute("CREATE POLICY example_none ON example AS RESTRICTIVE USING (true)")
""",
            downgrade="""
op.execute("DROP POLICY example_none ON example")
op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE POLICY example_all ON example USING (true)")
op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY")
""",
            downgrade="""
op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY")
op.execute("DROP POLICY example_all ON example")
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY")',
            downgrade='op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY")',
            declarations="""
acknowledged = [
    {
        "rule": "row-security",
        "table": "example",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
