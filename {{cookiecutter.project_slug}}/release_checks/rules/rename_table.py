"""`rename-table`: a table is renamed.

Old releases and other readers still use the old name.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import ObjectType

from {{ cookiecutter.project_slug }}.db.schema_changes import qualified

from ._catalog import renamed
from ._rule import Change, RevisionExample, Rule
from ._sql import relation_name


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if isinstance(operation, ops.RenameTableOp):
        old = qualified(operation.schema, operation.table_name)
        message = f"renames table {old} to {operation.new_table_name}"
        yield Change(RULE.id, old, None, message)


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    if (
        isinstance(node, ast.RenameStmt)
        and node.relation is not None
        and node.renameType == ObjectType.OBJECT_TABLE
    ):
        table = relation_name(node.relation)
        yield Change(RULE.id, table, None, f"renames table {table} to {node.newname}")


RULE = Rule(
    id="rename-table",
    summary="a table is renamed",
    hint=(
        "never rename: create the new table, move readers and writers to it, drop the old"
        " one releases later"
    ),
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
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
