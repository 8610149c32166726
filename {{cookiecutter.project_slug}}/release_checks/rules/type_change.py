"""`type-change`: the type of an existing column changes.

Old code reads and writes the old type; most changes also rewrite the table under an
exclusive lock.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType
from pglast.stream import RawStream

from ._catalog import CatalogChange, Upgrade, collation, declared_type, type_key
from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if (
        isinstance(operation, ops.AlterColumnOp)
        and operation.modify_type is not None
        and (table := existing_table(operation, created))
    ):
        column = operation.column_name
        message = f"changes the type of {table}.{column} to {operation.modify_type}"
        yield Change(RULE.id, table, column, message)


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_AlterColumnType:
            message = f"changes the type of {table}.{command.name}"
            if isinstance(command.def_, ast.ColumnDef) and command.def_.typeName is not None:
                new_type = RawStream()(command.def_.typeName).removeprefix("pg_catalog.")
                message = f"{message} to {new_type}"
            yield Change(RULE.id, table, command.name, message)


def retyped_columns(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A column still there whose type (or its modifier, a length) is another."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind != "column" or new is None or type_key(old) == type_key(new):
            continue
        was, becomes = declared_type(old), declared_type(new)
        if type_key(old)[:2] == type_key(new)[:2]:  # the same type, another collation
            was, becomes = collation(old), collation(new)
            message = f"changes the collation of column {new.name} from {was} to {becomes}"
            yield upgrade.finding("type-change", old, message)
            continue
        if was == becomes:  # the type was made again under its name
            if _labels_lost(upgrade, type_key(old)[0]):
                continue  # to remove a label: drop-enum-label says it
            becomes += f" (a new type {becomes}, made again under the old one's name)"
        message = f"changes the type of column {new.name} from {was} to {becomes}"
        yield upgrade.finding("type-change", old, message)


def _labels_lost(upgrade: Upgrade, type_oid: str) -> bool:
    """Whether an enum type made again under its name lacks a label it had."""
    return any(
        thing.kind == "enum label"
        and thing.identity.facts == type_oid
        and (thing.kind, thing.name) not in upgrade.names_after
        for thing in upgrade.before.values()
    )


RULE = Rule(
    id="type-change",
    summary="the type of an existing column changes",
    hint="add a column of the new type and fill it; or acknowledge a reviewed, safe widening",
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
    catalog=retyped_columns,
    acknowledge=Acknowledge("column"),
    squawk=("changing-column-type",),
    refused=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "name", type_=sa.String(20), existing_type=sa.Text())
""",
            downgrade="""
op.alter_column("example", "name", type_=sa.Text(), existing_type=sa.String(20))
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "code", type_=sa.Text(), existing_type=sa.String(20))
""",
            downgrade="""
op.alter_column("example", "code", type_=sa.String(20), existing_type=sa.Text())
""",
            declarations="""
acknowledged = [
    {
        "rule": "type-change",
        "table": "example",
        "column": "code",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
