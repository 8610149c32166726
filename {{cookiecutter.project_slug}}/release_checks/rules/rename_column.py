"""`rename-column`: a column is renamed.

Old releases still running read and write the old name: a rename breaks them the moment
it commits.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import ObjectType

from ._catalog import renamed
from ._operations import existing_table
from ._rule import Change, RevisionExample, Rule
from ._sql import relation_name


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if (
        isinstance(operation, ops.AlterColumnOp)
        and operation.modify_name is not None
        and (table := existing_table(operation, created))
    ):
        column = operation.column_name
        message = f"renames column {table}.{column} to {operation.modify_name}"
        yield Change(RULE.id, table, column, message)


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    if (
        isinstance(node, ast.RenameStmt)
        and node.relation is not None
        and node.renameType == ObjectType.OBJECT_COLUMN
    ):
        table = relation_name(node.relation)
        message = f"renames column {table}.{node.subname} to {node.newname}"
        yield Change(RULE.id, table, node.subname, message)


RULE = Rule(
    id="rename-column",
    summary="a column is renamed",
    hint="never rename: add a column with the new name, write to both, stop reading the old",
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
    catalog=renamed("column"),
    squawk=("renaming-column",),
    refused=(
        RevisionExample(
            upgrade="""
op.alter_column("example", "note", new_column_name="remark")
""",
            downgrade="""
op.alter_column("example", "remark", new_column_name="note")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example RENAME COLUMN note TO remark")
""",
            downgrade="""
op.execute("ALTER TABLE example RENAME COLUMN remark TO note")
""",
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
