"""`drop-column`: upgrade() drops a column.

The release still running maps the column; it goes only once declared deprecated, unused
by a recorded release, and old enough.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType

from ._catalog import dropped
from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if isinstance(operation, ops.DropColumnOp) and (table := existing_table(operation, created)):
        column = operation.column_name
        yield Change(RULE.id, table, column, f"drops column {table}.{column}")


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_DropColumn:
            yield Change(RULE.id, table, command.name, f"drops column {table}.{command.name}")


RULE = Rule(
    id="drop-column",
    summary="upgrade() drops a column",
    hint="stop using the column first; drop it releases later with an `acknowledged` entry",
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
    catalog=dropped("column"),
    acknowledge=Acknowledge("column", counted_from="models"),
    squawk=("ban-drop-column",),
    refused=(
        RevisionExample(
            upgrade='op.drop_column("example", "note")',
            downgrade="""
op.add_column("example", sa.Column("note", sa.Text(), nullable=True))
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example DROP COLUMN note")',
            downgrade="""
op.add_column("example", sa.Column("note", sa.Text(), nullable=True))
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "name", existing_type=sa.Text(), nullable=True)
""",
            downgrade="""
op.alter_column("example", "name", existing_type=sa.Text(), nullable=False)
""",
        ),
    ),
)
