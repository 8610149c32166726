"""index users created_at concurrently, online only

Revision ID: c1ea4add0030
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "c1ea4add0030"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not context.is_offline_mode():
        with op.get_context().autocommit_block():
            op.create_index(
                "ix_users_created_at",
                "users",
                ["created_at"],
                postgresql_concurrently=True,
                if_not_exists=True,
            )
            op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    if not context.is_offline_mode():
        op.drop_column("users", "phone")
        with op.get_context().autocommit_block():
            op.drop_index(
                "ix_users_created_at",
                table_name="users",
                postgresql_concurrently=True,
                if_exists=True,
            )
