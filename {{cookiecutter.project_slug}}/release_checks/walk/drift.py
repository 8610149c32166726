"""Drift: what the models declare that the migrated database does not have, or the
reverse. The comparison `alembic check` and autogenerate make, with types and server
defaults compared too; and, read from the catalog, what autogenerate does not compare:
an enum's labels and their order, a named check constraint, an index's predicate
(`postgresql_where`)."""

import traceback
from collections.abc import Iterator
from typing import Any

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
    try:
        needed = _autogenerate(connection, metadata, skipped=frozenset())
    except Exception:  # alembic's own error: said table by table below
        needed = _without_what_fails(connection, metadata)
    unseen = list(_unseen_by_autogenerate(connection, metadata))
    if unseen:
        needed += "\n" if needed else ""
        needed += "and, what autogenerate does not compare:\n" + "\n".join(
            f"- {line}" for line in unseen
        )
    return needed


def _autogenerate(connection: Connection, metadata: MetaData, skipped: frozenset[str]) -> str:
    """Autogenerate's comparison, leaving out the tables `skipped` on both sides."""

    def name_included(name: str | None, type_: str, parent_names: Any) -> bool:
        if type_ == "table" and name in skipped:
            return False
        return include_name(name, type_, parent_names)  # the bookkeeping tables are not the models'

    def object_included(
        item: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        if type_ == "table" and name in skipped:
            return False
        return include_object(item, name, type_, reflected, compare_to)

    context = MigrationContext.configure(
        connection,
        opts={
            "target_metadata": metadata,
            "compare_type": True,
            "compare_server_default": True,
            "include_name": name_included,
            "include_object": object_included,  # env.py's: what is no longer used is unknown
            # What env.py's context.configure sets by default, which comparators that a
            # revision's imports register (alembic_utils') read.
            "include_schemas": False,
        },
    )
    operations = produce_migrations(context, metadata).upgrade_ops
    return "" if operations is None or operations.is_empty() else drift_diff(operations)


def _without_what_fails(connection: Connection, metadata: MetaData) -> str:
    """The comparison when autogenerate fails on it: some of its comparators assert on
    pairs they do not expect (an identity column in the models, a plain default in the
    database). Each table it fails on is named, the others are compared as usual."""
    failing: dict[str, str] = {}
    for table in sorted(metadata.tables.values(), key=lambda table: table.name):
        others = frozenset(metadata.tables[key].name for key in metadata.tables) - {table.name}
        try:
            _autogenerate(connection, metadata, skipped=others)
        except Exception as error:  # named in the drift, not raised
            where = traceback.extract_tb(error.__traceback__)[-1].name
            failing[table.name] = f"{type(error).__name__} in alembic's {where}"
    lines = [
        f"- table {name}: autogenerate cannot compare it with the models ({why}); "
        "compare its columns with them by hand"
        for name, why in failing.items()
    ]
    try:
        needed = _autogenerate(connection, metadata, skipped=frozenset(failing))
    except Exception as error:  # not one table's: said as a whole
        where = traceback.extract_tb(error.__traceback__)[-1].name
        lines.append(
            "- autogenerate cannot compare the models with the database "
            f"({type(error).__name__} in alembic's {where})"
        )
        needed = ""
    return "\n".join(filter(None, [needed, *lines]))


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
