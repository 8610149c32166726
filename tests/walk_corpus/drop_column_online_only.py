"""drop users deleted_at, only when online

Revision ID: bad000000003
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "bad000000003"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not context.is_offline_mode():
        op.drop_column("users", "deleted_at")


def downgrade() -> None:
    if not context.is_offline_mode():
        op.add_column("users", sa.Column("deleted_at", sa.DateTime(timezone=True)))
