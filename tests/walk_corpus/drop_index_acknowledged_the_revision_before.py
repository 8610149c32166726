"""drop ix_users_account_id, whose entry is in the revision before

Revision ID: 0ac40e000002
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0ac40e000002"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_users_account_id", table_name="users")


def downgrade() -> None:
    op.create_index("ix_users_account_id", "users", ["account_id"])
