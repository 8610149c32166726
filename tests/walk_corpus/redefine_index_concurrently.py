"""rebuild ix_users_account_id concurrently on more columns, under its old name

Revision ID: bad000000016
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000016"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute(
            "CREATE INDEX CONCURRENTLY ix_users_account_id_new ON users (account_id, created_at)"
        )
        op.execute("DROP INDEX CONCURRENTLY ix_users_account_id")
        op.execute("ALTER INDEX ix_users_account_id_new RENAME TO ix_users_account_id")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY ix_users_account_id_old ON users (account_id)")
        op.execute("DROP INDEX CONCURRENTLY ix_users_account_id")
        op.execute("ALTER INDEX ix_users_account_id_old RENAME TO ix_users_account_id")
