"""Drift: what the models declare that the migrated database does not have, or the
reverse. The comparison `alembic check` and autogenerate make, with types and server
defaults compared too."""

from alembic.autogenerate import produce_migrations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData

from migration_tools.diff import drift_diff


def model_drift(connection: Connection, metadata: MetaData) -> str:
    """The revision the models still need, rendered as Python; empty when none is."""
    context = MigrationContext.configure(
        connection,
        opts={"target_metadata": metadata, "compare_type": True, "compare_server_default": True},
    )
    operations = produce_migrations(context, metadata).upgrade_ops
    return "" if operations is None or operations.is_empty() else drift_diff(operations)
