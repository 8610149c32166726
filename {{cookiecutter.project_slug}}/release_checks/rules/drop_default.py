"""`drop-default`: an existing column no longer gets a value when a writer leaves it out:
its default or its identity is dropped, or it stops being generated; or its identity is
made `GENERATED ALWAYS`, so that a writer that gives it a value fails.

The release still serving leaves out of every INSERT the columns its models give a
server default or an identity (`created_at`, `id`): without them its inserts store NULL
or fail on NOT NULL. A default changed to another value, an identity made `BY DEFAULT`,
or a default added, passes.
"""

from collections.abc import Iterator

from alembic.operations import ops
from pglast import ast
from pglast.enums import AlterTableType

from ._catalog import CatalogChange, Upgrade, supplied
from ._operations import existing_table
from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered

ALWAYS = ord("a")  # `SET GENERATED ALWAYS`, as PostgreSQL's parser gives it


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    # alter_column(server_default=None) drops the default; False (its default) keeps it
    if (
        isinstance(operation, ops.AlterColumnOp)
        and operation.modify_server_default is not False
        and (table := existing_table(operation, created))
    ):
        column = operation.column_name
        if operation.modify_server_default is None:
            yield Change(RULE.id, table, column, f"drops the default of {table}.{column}")
        else:
            message = f"sets the default of {table}.{column}"
            yield Change(RULE.id, table, column, message, restores=True)


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    # In order: a column given another default or an identity after its default was
    # dropped, by the same statement or a later one (a serial made an identity), still
    # gets a value when a writer leaves it out.
    for table, command in altered(node, created):
        if _supplies(command):
            message = f"gives {table}.{command.name} a value"
            yield Change(RULE.id, table, command.name, message, restores=True)
        if (what := _what_sql_removes(command)) is not None:
            yield Change(RULE.id, table, command.name, f"{what} {table}.{command.name}")


def _supplies(command: ast.AlterTableCmd) -> bool:
    subtype = command.subtype
    return subtype == AlterTableType.AT_AddIdentity or (
        subtype == AlterTableType.AT_ColumnDefault and command.def_ is not None
    )


def _what_sql_removes(command: ast.AlterTableCmd) -> str | None:
    subtype = command.subtype
    if subtype == AlterTableType.AT_ColumnDefault and command.def_ is None:
        return "drops the default of"
    if subtype == AlterTableType.AT_DropIdentity:
        return "drops the identity of"
    if subtype == AlterTableType.AT_DropExpression:
        return "stops generating"
    if subtype == AlterTableType.AT_AddIdentity:
        identity = command.def_
        if isinstance(identity, ast.Constraint) and identity.generated_when == "a":
            return "makes GENERATED ALWAYS the identity of"
    if subtype == AlterTableType.AT_SetIdentity:
        for option in command.def_ or ():
            if (
                isinstance(option, ast.DefElem)
                and option.defname == "generated"
                and getattr(option.arg, "ival", None) == ALWAYS
            ):
                return "makes GENERATED ALWAYS the identity of"
    return None


def defaults_removed(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A column still there that supplied a value when left out and no longer does, or
    whose identity now refuses a value given."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind != "column" or new is None:
            continue
        was, becomes = supplied(old), supplied(new)
        if was == "generated" and becomes != "generated":
            yield upgrade.finding(RULE.id, old, f"stops generating column {new.name}")
        elif was is not None and becomes is None:
            yield upgrade.finding(RULE.id, old, f"drops the {was} of column {new.name}")
        elif was != "identity always" and becomes == "identity always":
            message = f"makes the identity of column {new.name} GENERATED ALWAYS"
            yield upgrade.finding(RULE.id, old, message)


RULE = Rule(
    id="drop-default",
    summary="an existing column loses its default, identity or generation, "
    "or its identity becomes GENERATED ALWAYS",
    hint="keep it: the release still serving leaves the column out of its inserts; "
    "or acknowledge once no writer does",
    seen=frozenset({"catalog", "operation", "sql"}),
    operation=in_operation,
    sql=in_sql,
    catalog=defaults_removed,
    acknowledge=Acknowledge("column"),
    squawk=("ban-drop-default", "ban-alter-identity"),
    refused=(
        RevisionExample(  # a serial column made an identity that refuses given values
            upgrade="""
op.execute(
    "ALTER TABLE example_legacy ALTER COLUMN id DROP DEFAULT, "
    "ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY"
)
""",
            downgrade="""
op.execute(
    "ALTER TABLE example_legacy ALTER COLUMN id DROP IDENTITY, "
    "ALTER COLUMN id SET DEFAULT nextval('example_legacy_id_seq')"
)
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ALTER COLUMN id DROP IDENTITY")',
            downgrade="""
op.execute("ALTER TABLE example ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ALTER COLUMN id SET GENERATED ALWAYS")',
            downgrade='op.execute("ALTER TABLE example ALTER COLUMN id SET GENERATED BY DEFAULT")',
        ),
        RevisionExample(
            upgrade='op.alter_column("example", "note", server_default=None)',
            downgrade="""op.alter_column("example", "note", server_default=sa.text("''"))""",
        ),
        RevisionExample(  # set again, then dropped: the order is what counts
            upgrade="""
op.alter_column("example", "name", server_default="x")
op.execute("ALTER TABLE example ALTER COLUMN name DROP DEFAULT")
""",
            downgrade='op.execute("SELECT 1")',
        ),
        RevisionExample(  # built where only the database sees it
            upgrade="""
op.execute(
    "DO $$ DECLARE c text := 'note'; BEGIN "
    "EXECUTE 'ALTER TABLE example ALTER COLUMN name SET DEFAULT ''x'''; "
    "EXECUTE format('ALTER TABLE example ALTER COLUMN %I DROP DEFAULT', 'name'); "
    "END $$"
)
""",
            downgrade='op.execute("SELECT 1")',
        ),
    ),
    passing=(
        RevisionExample(  # a default added, changed, or an identity made BY DEFAULT
            upgrade="""
op.alter_column("example", "note", server_default=sa.text("''"))
op.execute("ALTER TABLE example ALTER COLUMN note SET DEFAULT 'none'")
op.execute("ALTER TABLE example ALTER COLUMN id SET GENERATED BY DEFAULT")
op.add_column("example", sa.Column("seen", sa.Boolean(), server_default=sa.false()))
""",
            downgrade="""
op.drop_column("example", "seen")
op.alter_column("example", "note", server_default=None)
""",
        ),
        RevisionExample(  # a serial column (example_legacy.id) made an identity, at once
            upgrade="""
op.execute(
    "ALTER TABLE example_legacy ALTER COLUMN id DROP DEFAULT, "
    "ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"
)
""",
            downgrade="""
op.execute(
    "ALTER TABLE example_legacy ALTER COLUMN id DROP IDENTITY, "
    "ALTER COLUMN id SET DEFAULT nextval('example_legacy_id_seq')"
)
""",
        ),
        RevisionExample(  # the same in two statements: the revision commits them at once
            upgrade="""
op.execute("ALTER TABLE example_legacy ALTER COLUMN id DROP DEFAULT")
op.execute("ALTER TABLE example_legacy ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
""",
            downgrade="""
op.execute("ALTER TABLE example_legacy ALTER COLUMN id DROP IDENTITY")
op.execute(
    "ALTER TABLE example_legacy ALTER COLUMN id SET DEFAULT nextval('example_legacy_id_seq')"
)
""",
        ),
        RevisionExample(  # a default replaced: dropped, then given again
            upgrade="""
op.alter_column("example", "note", server_default=None)
op.alter_column("example", "note", server_default="none")
""",
            downgrade="""op.alter_column("example", "note", server_default=None)""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ALTER COLUMN id DROP IDENTITY")',
            downgrade="""
op.execute("ALTER TABLE example ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-default",
        "table": "example",
        "column": "id",
        "why": "reviewed: every writer gives the id since 0.3",
    },
]
""",
        ),
    ),
)
