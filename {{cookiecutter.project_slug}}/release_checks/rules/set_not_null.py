"""`set-not-null`: an existing column becomes NOT NULL.

Old code may still write NULL, and the check scans the table under an exclusive lock.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, CatalogObject, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


def made_not_null(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A column still there that was nullable and is NOT NULL now."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind == "column" and new is not None and _not_null(new) and not _not_null(old):
            yield upgrade.finding("set-not-null", old, f"makes existing column {new.name} NOT NULL")


def _not_null(column: CatalogObject) -> bool:
    return (column.identity.facts or "").split()[2:] == ["true"]


RULE = Rule(
    id="set-not-null",
    summary="an existing column becomes NOT NULL",
    hint="add a CHECK (col IS NOT NULL) NOT VALID constraint and validate it; or acknowledge",
    seen=frozenset({"catalog", "operation", "sql"}),
    catalog=made_not_null,
    acknowledge=Acknowledge("column"),
    squawk=("adding-not-nullable-field",),
    refused=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=False)
""",
            downgrade="""
op.alter_column("example", "note", existing_type=sa.Text(), nullable=True)
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
