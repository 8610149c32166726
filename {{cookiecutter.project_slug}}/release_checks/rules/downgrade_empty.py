"""`downgrade-empty`: downgrade() is missing or unwritten, or does nothing while upgrade()
changes the schema.

Every revision is reversible: a bad deploy rolls back.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="downgrade-empty",
    summary=(
        "downgrade() is missing or unwritten, or does nothing while upgrade() changes the schema"
    ),
    hint=(
        "write downgrade() as the exact reverse of upgrade() (`pytest -m migrations` "
        "checks it leaves no trace)"
    ),
    seen=frozenset({"operation", "sql"}),
    structural=True,
    refused=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade="pass",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade='op.drop_column("example", "remark")',
        ),
    ),
)
