"""`not-null-without-default`: a NOT NULL column is added to an existing table with
nothing that fills it: no default (its own, or its domain's), no identity, not generated.

Old code inserts rows without the column: every insert fails. Adding it nullable, filling
it and making it NOT NULL in the same upgrade does the same to old code, and so does
adding it NOT NULL with a default that fills the rows, then dropping the default. The
gate reads the built-in types; a column of a type the project defines (a domain may carry
a default) is judged on the catalog, where the walk sees what the type supplies.
"""

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType, ConstrType
from sqlalchemy.dialects.postgresql import DOMAIN
from sqlalchemy.types import UserDefinedType

from ._catalog import CatalogChange, Upgrade, declared_type, not_null, supplied
from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered

# What fills a new column's existing rows in SQL, as server_default, an identity or a
# computed value do in an operation.
_FILLED = {ConstrType.CONSTR_DEFAULT, ConstrType.CONSTR_IDENTITY, ConstrType.CONSTR_GENERATED}
# PostgreSQL's built-in types that its parser leaves unqualified (the others it names as
# pg_catalog's): any other type name may be a domain with a default, for the walk to judge.
# (Words, as they are read best.)
_BUILT_IN = frozenset(
    """bool bytea char name int2 int4 int8 text oid json xml point lseg path box polygon
    line float4 float8 circle money macaddr macaddr8 inet cidr bpchar varchar date time
    timestamp timestamptz interval timetz bit varbit numeric uuid jsonb jsonpath tsvector
    tsquery pg_lsn int4range int8range numrange tsrange tstzrange daterange""".split()  # noqa: SIM905
)


class Unfilled(NamedTuple):
    """A column added to an existing table with nothing of its own to fill it when an
    insert leaves it out."""

    table: str
    column: str
    required: bool  # NOT NULL
    user_defined: bool  # of a type the project defines, which may (a domain) fill it


def unfilled_by_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Unfilled]:
    if isinstance(operation, ops.AddColumnOp) and (table := existing_table(operation, created)):
        column = operation.column
        if column.server_default is None and column.identity is None and column.computed is None:
            user_defined = isinstance(column.type, DOMAIN | UserDefinedType)
            yield Unfilled(table, column.name, not column.nullable, user_defined)


def added_with_default(
    operation: ops.MigrateOperation, created: set[str]
) -> Iterator[tuple[str, str, bool]]:
    """(table, column, NOT NULL) of a column added to an existing table with a server
    default: what a later drop of that default leaves is this rule's to judge."""
    if isinstance(operation, ops.AddColumnOp) and (table := existing_table(operation, created)):
        column = operation.column
        if column.server_default is not None:
            yield table, column.name, not column.nullable


def added_with_default_by_sql(node: ast.Node, created: set[str]) -> Iterator[tuple[str, str, bool]]:
    """As added_with_default(), for `ALTER TABLE ... ADD COLUMN ... DEFAULT ...`."""
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_AddColumn and isinstance(
            command.def_, ast.ColumnDef
        ):
            column = command.def_
            kinds = {constraint.contype for constraint in column.constraints or ()}
            if column.colname is not None and ConstrType.CONSTR_DEFAULT in kinds:
                yield table, column.colname, ConstrType.CONSTR_NOTNULL in kinds


def unfilled_by_sql(node: ast.Node, created: set[str]) -> Iterator[Unfilled]:
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_AddColumn and isinstance(
            command.def_, ast.ColumnDef
        ):
            column = command.def_
            kinds = {constraint.contype for constraint in column.constraints or ()}
            if column.colname is not None and not kinds & _FILLED:
                required = ConstrType.CONSTR_NOTNULL in kinds
                yield Unfilled(table, column.colname, required, not _built_in(column))


def _built_in(column: ast.ColumnDef) -> bool:
    names = [name.sval for name in (column.typeName.names or ())] if column.typeName else []
    return names[:1] == ["pg_catalog"] or (len(names) == 1 and names[0] in _BUILT_IN)


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    return _required(unfilled_by_operation(operation, created), "with no server default")


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    return _required(unfilled_by_sql(node, created), "with no default")


def _required(unfilled: Iterable[Unfilled], lacking: str) -> Iterator[Change]:
    for found in unfilled:
        if found.required:
            message = f"adds NOT NULL column {found.table}.{found.column} {lacking}"
            yield Change(
                RULE.id, found.table, found.column, message, for_the_walk=found.user_defined
            )


def required_later(
    changes: Iterable[tuple[Change, int]],
    unfilled: set[tuple[str, str]],
    added_defaulted: dict[tuple[str, str], bool],
) -> list[tuple[Change, int]]:
    """`changes` (with their lines) as the whole upgrade says, for the columns it adds:
    one added with nothing to fill it (`unfilled`: (table, column), of built-in types),
    then made NOT NULL, fails old code's inserts as if added NOT NULL: this rule's, not
    set-not-null's (whose way, a CHECK NOT VALID, does not help them); given a default
    too, it ends as one added NOT NULL with that default: nothing to refuse. One added
    with a default (`added_defaulted`: whether NOT NULL) that is then dropped is this
    rule's if NOT NULL, nothing old code relies on if not: not drop-default's."""
    changes = list(changes)  # kept in their order: operations before the SQL they render
    # (table, column) -> whether the upgrade's last word on its default gives it one
    defaulted = {
        (change.table, change.column): change.restores
        for change, _ in sorted(changes, key=lambda pair: pair[1])
        if change.rule == "drop-default"
    }
    found = []
    for change, line in changes:
        key = (change.table, change.column or "")
        if change.rule == "set-not-null" and key in unfilled:
            if defaulted.get(key):
                continue
            message = (
                f"adds column {change.table}.{change.column} with no server default "
                "and makes it NOT NULL"
            )
            change = Change(RULE.id, change.table, change.column, message)
        elif change.rule == "drop-default" and key in added_defaulted:
            if not added_defaulted[key] or defaulted[key]:
                continue
            message = (
                f"adds NOT NULL column {change.table}.{change.column} and drops its "
                "server default: nothing fills it"
            )
            change = Change(RULE.id, change.table, change.column, message)
        found.append((change, line))
    return found


def new_required_columns(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A column new to a table that existed before, NOT NULL, that nothing fills when an
    insert leaves it out (not its default, identity or generation, nor its domain's
    default), however the upgrade got it there."""
    before, after = upgrade.sides
    for key, new in upgrade.after.items():
        if new.kind != "column" or key in upgrade.before:
            continue
        if before.get(f"class {new.identity.table}") is None:  # a new table's column
            continue
        if not not_null(new) or supplied(new) is not None:
            continue
        domain = after.snapshot.objects.get(("domain", declared_type(new)))
        if domain is None or " DEFAULT " not in domain:
            message = f"adds NOT NULL column {new.name} with no default"
            yield upgrade.finding(RULE.id, new, message)


RULE = Rule(
    id="not-null-without-default",
    summary="a NOT NULL column is added to an existing table with nothing that fills it",
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
        RevisionExample(  # added NOT NULL with a default that fills the rows, then dropped
            upgrade="""
op.add_column(
    "example",
    sa.Column("flag", sa.Boolean(), nullable=False, server_default=sa.false()),
)
op.alter_column("example", "flag", existing_type=sa.Boolean(), server_default=None)
""",
            downgrade='op.drop_column("example", "flag")',
        ),
        RevisionExample(  # the same in SQL
            upgrade="""
op.execute("ALTER TABLE example ADD COLUMN level int NOT NULL DEFAULT 0")
op.execute("ALTER TABLE example ALTER COLUMN level DROP DEFAULT")
""",
            downgrade='op.drop_column("example", "level")',
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
        RevisionExample(  # nullable, its default dropped: old inserts store NULL, as before
            upgrade="""
op.add_column(
    "example",
    sa.Column("flag", sa.Boolean(), nullable=True, server_default=sa.false()),
)
op.alter_column("example", "flag", existing_type=sa.Boolean(), server_default=None)
""",
            downgrade='op.drop_column("example", "flag")',
        ),
        RevisionExample(  # added nullable, filled, NOT NULL, then given a default
            upgrade="""
op.add_column("example", sa.Column("rank", sa.BigInteger(), nullable=True))
op.execute("CREATE SEQUENCE example_rank")
op.execute("UPDATE example SET rank = nextval('example_rank')")
op.alter_column("example", "rank", existing_type=sa.BigInteger(), nullable=False)
op.alter_column(
    "example",
    "rank",
    existing_type=sa.BigInteger(),
    server_default=sa.text("nextval('example_rank')"),
)
""",
            downgrade="""
op.drop_column("example", "rank")
op.execute("DROP SEQUENCE example_rank")
""",
        ),
        RevisionExample(  # of a domain with a default (the walk reads it on the catalog)
            upgrade="""
from sqlalchemy.dialects import postgresql

op.execute("ALTER TABLE example ADD COLUMN kind example_code NOT NULL")
op.add_column(
    "example",
    sa.Column("grade", postgresql.DOMAIN("example_code", sa.Text()), nullable=False),
)
""",
            downgrade="""
op.drop_column("example", "grade")
op.drop_column("example", "kind")
""",
        ),
        RevisionExample(  # of an enum, acknowledged: the walk judges it, the gate uses the entry
            upgrade='op.execute("ALTER TABLE example ADD COLUMN mood example_mood NOT NULL")',
            downgrade='op.drop_column("example", "mood")',
            declarations="""
acknowledged = [
    {
        "rule": "not-null-without-default",
        "table": "example",
        "column": "mood",
        "why": "reviewed: nothing writes to example until this release",
    },
]
""",
        ),
    ),
)
