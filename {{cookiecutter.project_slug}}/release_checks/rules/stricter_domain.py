"""`stricter-domain`: a domain is made stricter: NOT NULL, or a constraint it did not have.

Every column of the domain, in every table, then refuses what old releases still
write. A looser domain (DROP NOT NULL, a new default) passes.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="stricter-domain",
    summary="a domain is made NOT NULL or gets a new constraint",
    hint="add a new domain for the stricter values; or acknowledge",
    seen=frozenset({"catalog"}),
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER DOMAIN example_code SET NOT NULL")',
            downgrade='op.execute("ALTER DOMAIN example_code DROP NOT NULL")',
        ),
        RevisionExample(
            upgrade="""
op.execute(
    "ALTER DOMAIN example_code ADD CONSTRAINT example_code_short "
    "CHECK (length(VALUE) < 9) NOT VALID"
)
""",
            downgrade='op.execute("ALTER DOMAIN example_code DROP CONSTRAINT example_code_short")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("ALTER DOMAIN example_code SET DEFAULT 'none'")
op.execute("CREATE DOMAIN example_short AS text CHECK (length(VALUE) < 9) NOT NULL")
""",
            downgrade="""
op.execute("DROP DOMAIN example_short")
op.execute("ALTER DOMAIN example_code DROP DEFAULT")
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER DOMAIN example_code SET NOT NULL")',
            downgrade='op.execute("ALTER DOMAIN example_code DROP NOT NULL")',
            declarations="""
acknowledged = [
    {
        "rule": "stricter-domain",
        "table": "example_code",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
