"""index users by email and nickname

Revision ID: 900d0000000d
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d0000000d"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_users_email_nickname", "users", ["email", "nickname"])


def downgrade() -> None:
    op.drop_index("ix_users_email_nickname", table_name="users")
