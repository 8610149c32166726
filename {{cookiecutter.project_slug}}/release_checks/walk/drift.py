"""Drift: what the models declare that the migrated database does not have, or the
reverse. The comparison `alembic check` and autogenerate make, with types and server
defaults compared too; and, read from the catalog, what autogenerate does not compare:
an enum's labels and their order, a named check constraint, an index's predicate
(`postgresql_where`)."""

from collections.abc import Iterator

from alembic.autogenerate import produce_migrations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Connection, Enum, Index, MetaData, Table, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import AddConstraint

from {{ cookiecutter.project_slug }}.db.deprecation import include_object, unused
from {{ cookiecutter.project_slug }}.db.lineage import include_name

from release_checks.walk.diff import drift_diff

# An enum type's labels in order; a table's check constraints; an index's predicate.
_CATALOG = text("""
SELECT 'enum', t.typnamespace::regnamespace::text, t.typname,
       string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
GROUP BY t.oid
UNION ALL
SELECT 'check', c.relnamespace::regnamespace::text, c.relname, con.conname
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE con.contype = 'c'
UNION ALL
SELECT 'index', c.relnamespace::regnamespace::text, c.relname,
       pg_get_expr(i.indpred, i.indrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
""")


def model_drift(connection: Connection, metadata: MetaData) -> str:
    """What the models and the database disagree on, readable; empty when nothing."""
    context = MigrationContext.configure(
        connection,
        opts={
            "target_metadata": metadata,
            "compare_type": True,
            "compare_server_default": True,
            "include_name": include_name,  # the bookkeeping tables are not the models'
            "include_object": include_object,  # env.py's: what is no longer used is unknown
            # What env.py's context.configure sets by default, which comparators that a
            # revision's imports register (alembic_utils') read.
            "include_schemas": False,
        },
    )
    operations = produce_migrations(context, metadata).upgrade_ops
    needed = "" if operations is None or operations.is_empty() else drift_diff(operations)
    unseen = list(_unseen_by_autogenerate(connection, metadata))
    if unseen:
        needed += "\n" if needed else ""
        needed += "and, what autogenerate does not compare:\n" + "\n".join(
            f"- {line}" for line in unseen
        )
    return needed


def _unseen_by_autogenerate(connection: Connection, metadata: MetaData) -> Iterator[str]:
    enums: dict[tuple[str, str], str] = {}
    checks: set[tuple[str, str, str]] = set()
    predicates: dict[tuple[str, str], str | None] = {}
    for kind, schema, name, detail in connection.execute(_CATALOG):
        if kind == "enum":
            enums[schema, name] = detail
        elif kind == "check":
            checks.add((schema, name, detail))
        else:
            predicates[schema, name] = detail
    default = connection.execute(text("SELECT current_schema()")).scalar_one()
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    declared: set[tuple[str, str]] = set()
    for table in metadata.tables.values():
        if unused(table):
            continue
        schema = table.schema or default
        for column in table.columns:
            if unused(column):
                continue
            if isinstance(column.type, Enum) and column.type.native_enum and column.type.name:
                key = (column.type.schema or schema, column.type.name)
                labels = ", ".join(
                    "'" + label.replace("'", "''") + "'" for label in column.type.enums
                )
                if key not in declared and key in enums and enums[key] != labels:
                    yield (
                        f"enum {column.type.name}: the models list {labels}; "
                        f"the database has {enums[key]}"
                    )
                declared.add(key)
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint) and constraint.name is not None:
                name = _constraint_name(constraint, dialect)
                if (schema, table.name, name) not in checks:
                    yield f"check constraint {name} on {table.name}: in the models only"
        for index in table.indexes:
            if not unused(index):
                yield from _predicate_drift(index, table, schema, predicates, dialect)


def _constraint_name(constraint: CheckConstraint, dialect: Dialect) -> str:
    """The name the naming convention gives it, as the DDL would say it."""
    ddl = str(AddConstraint(constraint).compile(dialect=dialect))
    return ddl.split(" ADD CONSTRAINT ", 1)[1].split(" ", 1)[0].strip('"')


def _predicate_drift(
    index: Index,
    table: Table,
    schema: str,
    predicates: dict[tuple[str, str], str | None],
    dialect: Dialect,
) -> Iterator[str]:
    """An index whose predicate exists on one side only (autogenerate compares neither;
    the two sides' texts are not compared, since PostgreSQL rewrites a predicate)."""
    if index.name is None or (schema, str(index.name)) not in predicates:
        return  # a missing index is autogenerate's to report
    where = index.dialect_options["postgresql"].get("where")
    in_database = predicates[schema, str(index.name)]
    if where is not None and in_database is None:
        condition = where.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        yield f"index {index.name} on {table.name}: WHERE {condition} is in the models only"
    elif where is None and in_database is not None:
        yield f"index {index.name} on {table.name}: WHERE {in_database} is in the database only"
