"""`drop-table`: upgrade() drops a table.

The release still running maps the table; it goes only once declared deprecated, unused
by a recorded release, and old enough.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import ObjectType

from ._catalog import dropped
from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import last_name


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if isinstance(operation, ops.DropTableOp) and (table := existing_table(operation, created)):
        yield Change(RULE.id, table, None, f"drops table {table}")


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    if isinstance(node, ast.DropStmt) and node.removeType == ObjectType.OBJECT_TABLE:
        for names in node.objects or ():
            if (table := last_name(names)) not in created:
                yield Change(RULE.id, table, None, f"drops table {table}")


RULE = Rule(
    id="drop-table",
    summary="upgrade() drops a table",
    hint="stop using the table first; drop it releases later with an `acknowledged` entry",
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
    catalog=dropped("table"),
    acknowledge=Acknowledge("table", counted_from="models"),
    squawk=("ban-drop-table",),
    refused=(
        RevisionExample(
            upgrade='op.drop_table("example_other")',
            downgrade="""
op.create_table("example_other", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.create_table("scratch", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
op.drop_table("scratch")
""",
            downgrade="pass",
        ),
    ),
)
