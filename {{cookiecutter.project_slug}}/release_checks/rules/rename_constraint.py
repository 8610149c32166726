"""`rename-constraint`: a constraint is renamed.

Old releases and other readers name it; a rename breaks them when it commits.
"""

from ._catalog import renamed
from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-constraint",
    summary="a constraint is renamed",
    hint="never rename the constraint: add a new one",
    seen=frozenset({"catalog"}),
    catalog=renamed("constraint"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example RENAME CONSTRAINT ck_example_name TO ck_example_label")
""",
            downgrade="""
op.execute("ALTER TABLE example RENAME CONSTRAINT ck_example_label TO ck_example_name")
""",
        ),
    ),
)
