"""`not-null-without-default`: a NOT NULL column is added to an existing table without a
server default.

Old code inserts rows without the column: every insert fails. Adding it nullable, filling
it and making it NOT NULL in the same upgrade does the same to old code.
"""

from collections.abc import Iterable, Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType, ConstrType

from ._catalog import CatalogChange, Upgrade, not_null, supplied
from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered

# What fills a new column's existing rows in SQL, as server_default, an identity or a
# computed value do in an operation.
_FILLED = {ConstrType.CONSTR_DEFAULT, ConstrType.CONSTR_IDENTITY, ConstrType.CONSTR_GENERATED}


def unfilled_by_operation(
    operation: ops.MigrateOperation, created: set[str]
) -> Iterator[tuple[str, str, bool]]:
    """A column added to an existing table that nothing fills when an insert leaves it
    out: (table, column, whether it is NOT NULL)."""
    if isinstance(operation, ops.AddColumnOp) and (table := existing_table(operation, created)):
        column = operation.column
        if column.server_default is None and column.identity is None and column.computed is None:
            yield table, column.name, not column.nullable


def unfilled_by_sql(node: ast.Node, created: set[str]) -> Iterator[tuple[str, str, bool]]:
    """The same, added by a statement."""
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_AddColumn and isinstance(
            command.def_, ast.ColumnDef
        ):
            column = command.def_
            kinds = {constraint.contype for constraint in column.constraints or ()}
            if column.colname is not None and not kinds & _FILLED:
                yield table, column.colname, ConstrType.CONSTR_NOTNULL in kinds


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    for table, column, required in unfilled_by_operation(operation, created):
        if required:
            message = f"adds NOT NULL column {table}.{column} with no server default"
            yield Change(RULE.id, table, column, message)


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, column, required in unfilled_by_sql(node, created):
        if required:
            message = f"adds NOT NULL column {table}.{column} with no default"
            yield Change(RULE.id, table, column, message)


def required_later(
    changes: Iterable[tuple[Change, int]], unfilled: set[tuple[str, str]]
) -> list[tuple[Change, int]]:
    """`changes` (with their lines), where a column the same upgrade added with nothing
    to fill it (`unfilled`: (table, column)) is made NOT NULL: old code's inserts fail as
    if it had been added NOT NULL, which is this rule's, not set-not-null's (whose way,
    a CHECK NOT VALID, does not help them)."""
    found = []
    for change, line in changes:
        if change.rule == "set-not-null" and (change.table, change.column) in unfilled:
            message = (
                f"adds column {change.table}.{change.column} with no server default "
                "and makes it NOT NULL"
            )
            change = Change(RULE.id, change.table, change.column, message)
        found.append((change, line))
    return found


def new_required_columns(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A column new to a table that existed before, NOT NULL, that nothing fills when an
    insert leaves it out, however the upgrade got it there."""
    before = upgrade.sides[0]
    for key, new in upgrade.after.items():
        if new.kind != "column" or key in upgrade.before:
            continue
        if before.get(f"class {new.identity.table}") is None:  # a new table's column
            continue
        if not_null(new) and supplied(new) is None:
            message = f"adds NOT NULL column {new.name} with no default"
            yield upgrade.finding(RULE.id, new, message)


RULE = Rule(
    id="not-null-without-default",
    summary="a NOT NULL column is added to an existing table without a server default",
    hint="give it server_default=..., or add it nullable; or acknowledge",
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
    catalog=new_required_columns,
    acknowledge=Acknowledge("column"),
    squawk=("adding-required-field",),
    refused=(
        RevisionExample(
            upgrade="""
op.add_column("example", sa.Column("flag", sa.Boolean(), nullable=False))
""",
            downgrade='op.drop_column("example", "flag")',
        ),
        RevisionExample(  # added nullable, filled, then NOT NULL: the same to old code
            upgrade="""
op.add_column("example", sa.Column("flag", sa.Boolean(), nullable=True))
op.execute("UPDATE example SET flag = false")
op.alter_column("example", "flag", existing_type=sa.Boolean(), nullable=False)
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
