"""add users phone, filled online only

Revision ID: c1ea4add0003
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "c1ea4add0003"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))
    if not context.is_offline_mode():  # offline SQL has no data to read
        emails = op.get_bind().execute(sa.text("SELECT email FROM users")).scalars()
        assert all(emails)


def downgrade() -> None:
    op.drop_column("users", "phone")
