"""`acknowledgement`: an `acknowledged` entry is malformed or acknowledges nothing.

An entry that matches nothing would silently let a later change through.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="acknowledgement",
    summary="an `acknowledged` entry is malformed or acknowledges nothing",
    hint="see docs/migrations.md, 'Acknowledged operations', for the exact form",
    # read from the revision files; the gate and the walk alike judge what an entry matches
    seen=frozenset({"files"}),
    refused=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade='op.drop_column("example", "remark")',
            declarations="""
acknowledged = [
    {
        "rule": "drop-column",
        "table": "example",
        "column": "note",
        "why": "reviewed: an example",
    },
]
""",
        ),
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade='op.drop_column("example", "remark")',
            declarations="""
acknowledged = [{"rule": "rename-column", "table": "example", "column": "note", "why": "x"}]
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=False)
""",
            downgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=True)
""",
            declarations="""
acknowledged = [
    {
        "rule": "set-not-null",
        "table": "example",
        "column": "note",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
