"""Alembic's entry point: runs the revisions against the service's database.

Online (the default) it connects with asyncpg and is safe against a live database with
several replicas starting at once (README: Migrations in production):
- one migrator at a time, behind an advisory lock held for the whole run;
- each revision in its own transaction, bounded by `lock_timeout` and `statement_timeout`,
  and tried again with backoff when it cannot get its locks;
- in production, no downgrade unless asked for with `-x allow_downgrade=true`;
- a bad setting or an unreachable database stops it with one line, not a traceback.
Offline (`alembic upgrade --sql A:B`) it only renders SQL and needs no database, driver
connection or password.
"""

import asyncio
from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.operations import ops
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError
from sqlalchemy import Connection
from sqlalchemy.util import await_only

import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table on Base.metadata)
from {{ cookiecutter.project_slug }}.db import Base
from {{ cookiecutter.project_slug }}.db.connect import connect, create_direct_engine
from {{ cookiecutter.project_slug }}.db.errors import OperatorError
from {{ cookiecutter.project_slug }}.db.migration_lock import HeldLock, migration_lock
from {{ cookiecutter.project_slug }}.db.migration_run import (
    StepWatcher,
    flush_commits,
    refuse_read_only,
    retry_on_lock_timeout,
    session_settings,
)
from {{ cookiecutter.project_slug }}.settings import (
    Settings,
    SettingsError,
    get_settings,
    milliseconds,
)

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
    only adds (README: The migration gate). Autogenerate sees a rename as drop + add.
    (`alembic check` runs this too, and so fails on a drop with this message.)"""
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
            f"the models would {', '.join(found)}: only add, and keep what is still used; "
            "a drop that is due is written by hand (make revision-empty) and acknowledged "
            "(README: Acknowledged operations)"
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
    lock_ms = milliseconds(settings.migration_lock_timeout)
    statement_ms = milliseconds(settings.migration_statement_timeout)
    context.execute(f"SET lock_timeout = '{lock_ms}ms'")
    context.execute(f"SET statement_timeout = '{statement_ms}ms'")


def step_watcher(settings: Settings, lock: HeldLock | None = None) -> StepWatcher:
    """The downgrade guard: in production, only with `-x allow_downgrade=true`. With the
    migration lock, it also checks before each revision that the lock is still held."""
    allowed = context.get_x_argument(as_dictionary=True).get("allow_downgrade") == "true"
    return StepWatcher(
        allow_downgrade=allowed or settings.environment != "production",
        # Steps are planned inside `run_sync`, where `await_only` runs the async check.
        before_step=None if lock is None else lambda step: await_only(lock.verify(step)),
    )


def run_migrations(
    connection: Connection | None, settings: Settings, watcher: StepWatcher | None = None
) -> None:
    if connection is None:
        configure(
            url=settings.sqlalchemy_url,  # for its dialect only: nothing connects
            literal_binds=True,
            dialect_opts={"paramstyle": "named"},
        )
    else:
        configure(connection=connection)
        if watcher is not None:
            # Put the watcher between the command and its steps (`fn`, in alembic's words).
            configure(connection=connection, fn=watcher.watch(context.get_context().opts["fn"]))
    set_timeouts(settings)
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online(settings: Settings) -> None:
    engine = create_direct_engine(
        settings.migration_sqlalchemy_url,
        session_settings(settings.migration_idle_in_transaction_timeout),
    )
    try:
        async with (
            migration_lock(engine, wait=settings.migration_advisory_lock_timeout) as lock,
            connect(engine) as connection,
        ):
            await refuse_read_only(connection)
            watcher = step_watcher(settings, lock)
            await retry_on_lock_timeout(
                lambda: connection.run_sync(run_migrations, settings, watcher),
                watcher,
                retries=settings.migration_lock_retries,
                lock_timeout=settings.migration_lock_timeout,
            )
            await flush_commits(connection)
    finally:
        await engine.dispose()


def main() -> None:
    settings = load_settings()
    if context.is_offline_mode():
        run_migrations(None, settings)
    elif (connection := config.attributes.get("connection")) is not None:
        # A caller (the test suite) lends its own connection, and its own transaction.
        run_migrations(connection, settings, step_watcher(settings))
    else:
        try:
            asyncio.run(run_migrations_online(settings))
        except (OperatorError, SettingsError) as error:
            raise CommandError(str(error)) from None  # one line, no traceback


main()
