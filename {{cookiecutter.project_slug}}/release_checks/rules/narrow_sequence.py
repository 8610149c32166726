"""`narrow-sequence`: a sequence's range is narrowed: a lower MAXVALUE, a higher MINVALUE,
a smaller type.

Old releases and other services store its values in columns as wide as they were, and
run out sooner. A wider range passes.
"""

from ._rule import Acknowledge, RevisionExample, Rule

RULE = Rule(
    id="narrow-sequence",
    summary="a sequence's range is narrowed",
    hint="keep its range; add a new sequence for the narrower one",
    seen=frozenset({"catalog"}),
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter MAXVALUE 1000")',
            downgrade='op.execute("ALTER SEQUENCE example_counter NO MAXVALUE")',
        ),
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter AS integer")',
            downgrade='op.execute("ALTER SEQUENCE example_counter AS bigint NO MAXVALUE")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("ALTER SEQUENCE example_counter MINVALUE 0 CACHE 10")
op.execute("CREATE SEQUENCE example_small AS smallint MAXVALUE 100")
op.execute("ALTER SEQUENCE example_small AS integer MAXVALUE 1000000")
""",
            downgrade="""
op.execute("DROP SEQUENCE example_small")
op.execute("ALTER SEQUENCE example_counter MINVALUE 1 CACHE 1")
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter MAXVALUE 1000")',
            downgrade='op.execute("ALTER SEQUENCE example_counter NO MAXVALUE")',
            declarations="""
acknowledged = [
    {
        "rule": "narrow-sequence",
        "table": "example_counter",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
