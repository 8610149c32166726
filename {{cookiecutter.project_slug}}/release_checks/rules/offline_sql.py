"""`offline-sql`: the revision fails when rendered as SQL without a database (alembic
--sql).

`alembic upgrade --sql` is how a DBA reviews a migration; a revision that needs a
database to render cannot be reviewed.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="offline-sql",
    summary="the revision fails when rendered as SQL without a database (alembic --sql)",
    hint=(
        "fix the error; do not query through op.get_bind() (change data with "
        "op.execute(), or guard a read with `if not context.is_offline_mode()`)"
    ),
    seen=frozenset({"operation", "sql"}),
    structural=True,
    refused=(
        RevisionExample(
            upgrade="""
count = op.get_bind().execute(sa.text("SELECT count(*) FROM example")).scalar_one()
if count:
    op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade='op.drop_column("example", "remark")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("UPDATE example SET note = '' WHERE note IS NULL")
""",
            downgrade="pass",
        ),
    ),
)
