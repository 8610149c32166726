"""Alembic's entry point: runs the revisions against the service's database.

Online (the default) it connects with asyncpg; offline (`alembic upgrade --sql A:B`) it
only renders SQL and needs no database, driver connection or password.
"""

import asyncio
from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.operations import ops
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError
from sqlalchemy import Connection, pool
from sqlalchemy.ext.asyncio import create_async_engine

import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table on Base.metadata)
from {{ cookiecutter.project_slug }}.db import Base
from {{ cookiecutter.project_slug }}.settings import Settings, SettingsError, get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def load_settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as error:
        raise CommandError(str(error)) from None  # one line, no traceback


def refuse_drops_and_renames(
    _context: MigrationContext, _revision: object, directives: list[ops.MigrationScript]
) -> None:
    """`alembic revision --autogenerate` writes no revision that drops or renames: the team
    only adds (README: The migration gate). Autogenerate sees a rename as drop + add."""
    found = []
    pending: list[ops.MigrateOperation] = [
        operation
        for script in directives
        for upgrade in script.upgrade_ops_list
        for operation in upgrade.ops
    ]
    while pending:
        operation = pending.pop(0)
        if isinstance(operation, ops.ModifyTableOps):
            pending[:0] = operation.ops
        elif isinstance(operation, ops.DropTableOp):
            found.append(f"drop table {operation.table_name}")
        elif isinstance(operation, ops.DropColumnOp):
            found.append(f"drop column {operation.table_name}.{operation.column_name}")
        elif isinstance(operation, ops.RenameTableOp):
            found.append(f"rename table {operation.table_name}")
        elif isinstance(operation, ops.AlterColumnOp) and operation.modify_name:
            found.append(f"rename column {operation.table_name}.{operation.column_name}")
    if found:
        raise CommandError(
            f"refusing to write a revision that would {', '.join(found)}: only add, and keep "
            "what is still used; a drop that is due is written by hand (make revision-empty) "
            "and acknowledged (README: Acknowledged operations)"
        )


def configure(**options: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=True,
        process_revision_directives=refuse_drops_and_renames,
        # A failing revision rolls back alone, leaving the database at the last good one.
        transaction_per_migration=True,
        **options,
    )


def set_timeouts(settings: Settings) -> None:
    """Bound how long DDL may wait for a lock or run, so a migration never stalls the
    queries queued behind it. Emitted as SQL, so offline scripts carry it too."""
    lock_ms = round(settings.migration_lock_timeout * 1000)
    statement_ms = round(settings.migration_statement_timeout * 1000)
    context.execute(f"SET lock_timeout = '{lock_ms}ms'")
    context.execute(f"SET statement_timeout = '{statement_ms}ms'")


def run_migrations(connection: Connection | None, settings: Settings) -> None:
    if connection is None:
        configure(
            url=settings.sqlalchemy_url,
            literal_binds=True,
            dialect_opts={"paramstyle": "named"},
        )
    else:
        configure(connection=connection)
    set_timeouts(settings)
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online(settings: Settings) -> None:
    engine = create_async_engine(settings.sqlalchemy_url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations, settings)
    finally:
        await engine.dispose()


def main() -> None:
    settings = load_settings()
    if context.is_offline_mode():
        run_migrations(None, settings)
    elif (connection := config.attributes.get("connection")) is not None:
        # A caller (the test suite) lends its own connection.
        run_migrations(connection, settings)
    else:
        asyncio.run(run_migrations_online(settings))


main()
