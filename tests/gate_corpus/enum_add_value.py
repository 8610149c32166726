"""add a label to the account_status enum

Revision ID: c1ea4add0019
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add0019"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'frozen'")


def downgrade() -> None:
    pass  # a label cannot be removed short of recreating the type
