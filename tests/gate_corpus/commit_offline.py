"""index users.email concurrently after committing the revision's transaction by hand

Revision ID: bad0d0c00070
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00070"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Offline SQL has no transaction to commit (letta does this before CONCURRENTLY);
# op.get_context().autocommit_block() is the way that renders offline too.
def upgrade() -> None:
    connection = op.get_bind()
    connection.commit()
    autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
    autocommit.exec_driver_sql(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_email_commit ON users (email)"
    )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_email_commit")
