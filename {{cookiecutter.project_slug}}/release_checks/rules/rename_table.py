"""`rename-table`: a table is renamed.

Old releases and other readers still use the old name.
"""

from ._catalog import renamed
from ._rule import RevisionExample, Rule

RULE = Rule(
    id="rename-table",
    summary="a table is renamed",
    hint=(
        "never rename: create the new table, move readers and writers to it, drop the old"
        " one releases later"
    ),
    seen=frozenset({"catalog", "operation", "sql"}),
    catalog=renamed("table"),
    squawk=("renaming-table",),
    refused=(
        RevisionExample(
            upgrade='op.rename_table("example_other", "sample")',
            downgrade='op.rename_table("sample", "example_other")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.create_table("sample", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
""",
            downgrade='op.drop_table("sample")',
        ),
    ),
)
