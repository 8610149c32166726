"""`set-not-null`: an existing column becomes NOT NULL.

Old code may still write NULL, and the check scans the table under an exclusive lock.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType

from ._catalog import CatalogChange, Upgrade, not_null
from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if (
        isinstance(operation, ops.AlterColumnOp)
        and operation.modify_nullable is False
        and operation.existing_nullable is not False
        and (table := existing_table(operation, created))
    ):
        column = operation.column_name
        yield Change(RULE.id, table, column, f"makes existing column {table}.{column} NOT NULL")


def kept_not_null(operation: ops.MigrateOperation, created: set[str]) -> Iterator[tuple[str, str]]:
    """(table, column) of a column an operation says was NOT NULL already and stays so
    (`nullable=False, existing_nullable=False`, as beside a new type): the SET NOT NULL
    Alembic renders for it changes nothing. (The walk sees whether it really was.)"""
    if (
        isinstance(operation, ops.AlterColumnOp)
        and operation.modify_nullable is False
        and operation.existing_nullable is False
        and (table := existing_table(operation, created))
    ):
        yield table, operation.column_name


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_SetNotNull:
            message = f"makes existing column {table}.{command.name} NOT NULL"
            yield Change(RULE.id, table, command.name, message)


def made_not_null(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A column still there that was nullable and is NOT NULL now."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind == "column" and new is not None and not_null(new) and not not_null(old):
            yield upgrade.finding("set-not-null", old, f"makes existing column {new.name} NOT NULL")


RULE = Rule(
    id="set-not-null",
    summary="an existing column becomes NOT NULL",
    hint="add a CHECK (col IS NOT NULL) NOT VALID constraint and validate it; or acknowledge",
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
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
