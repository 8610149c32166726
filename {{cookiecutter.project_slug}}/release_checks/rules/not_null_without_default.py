"""`not-null-without-default`: a NOT NULL column is added to an existing table without a
server default.

Old code inserts rows without the column: every insert fails.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType, ConstrType

from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered

# What fills a new column's existing rows in SQL, as server_default, an identity or a
# computed value do in an operation.
_FILLED = {ConstrType.CONSTR_DEFAULT, ConstrType.CONSTR_IDENTITY, ConstrType.CONSTR_GENERATED}


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if isinstance(operation, ops.AddColumnOp) and (table := existing_table(operation, created)):
        column = operation.column
        required = not column.nullable and column.identity is None and column.computed is None
        if required and column.server_default is None:
            message = f"adds NOT NULL column {table}.{column.name} with no server default"
            yield Change(RULE.id, table, column.name, message)


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_AddColumn and isinstance(
            command.def_, ast.ColumnDef
        ):
            column = command.def_
            kinds = {constraint.contype for constraint in column.constraints or ()}
            if ConstrType.CONSTR_NOTNULL in kinds and not kinds & _FILLED:
                message = f"adds NOT NULL column {table}.{column.colname} with no default"
                yield Change(RULE.id, table, column.colname, message)


RULE = Rule(
    id="not-null-without-default",
    summary="a NOT NULL column is added to an existing table without a server default",
    hint="give it server_default=..., or add it nullable; or acknowledge",
    seen=frozenset({"operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
    acknowledge=Acknowledge("column"),
    squawk=("adding-required-field",),
    refused=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("flag", sa.Boolean(), nullable=False))
""",
            downgrade='op.drop_column("example", "flag")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.add_column(
    "example",
    sa.Column("flag", sa.Boolean(), nullable=False, server_default=sa.false()),
)
""",
            downgrade='op.drop_column("example", "flag")',
        ),
    ),
)
