"""`not-null-without-default`: a NOT NULL column is added to an existing table with
nothing that fills it: no default (its own, or its domain's), no identity, not generated.

Old code inserts rows without the column: every insert fails. The gate reads the
built-in types; a column of a type the project defines (a domain may carry a default) is
judged on the catalog, where the walk sees what the type supplies.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType, ConstrType
from sqlalchemy.dialects.postgresql import DOMAIN
from sqlalchemy.types import UserDefinedType

from ._catalog import CatalogChange, Upgrade, declared_type, supplied
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


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if isinstance(operation, ops.AddColumnOp) and (table := existing_table(operation, created)):
        column = operation.column
        required = not column.nullable and column.identity is None and column.computed is None
        if required and column.server_default is None:
            message = f"adds NOT NULL column {table}.{column.name} with no server default"
            user_defined = isinstance(column.type, DOMAIN | UserDefinedType)
            yield Change(RULE.id, table, column.name, message, for_the_walk=user_defined)


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_AddColumn and isinstance(
            command.def_, ast.ColumnDef
        ):
            column = command.def_
            kinds = {constraint.contype for constraint in column.constraints or ()}
            if ConstrType.CONSTR_NOTNULL in kinds and not kinds & _FILLED:
                message = f"adds NOT NULL column {table}.{column.colname} with no default"
                unknown = not _built_in(column)
                yield Change(RULE.id, table, column.colname, message, for_the_walk=unknown)


def _built_in(column: ast.ColumnDef) -> bool:
    names = [name.sval for name in (column.typeName.names or ())] if column.typeName else []
    return names[:1] == ["pg_catalog"] or (len(names) == 1 and names[0] in _BUILT_IN)


def added_unfilled(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A NOT NULL column new on a table that was there, which nothing fills: not its
    default, identity or generation, nor its domain's default."""
    before, after = upgrade.sides
    for key, new in upgrade.after.items():
        if (
            new.kind != "column"
            or key in upgrade.before
            or before.get(f"class {new.identity.table}") is None
            or (new.identity.facts or "").split()[2:] != ["true"]  # nullable
            or supplied(new) is not None
        ):
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
    catalog=added_unfilled,
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
