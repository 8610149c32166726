"""add users phone and its index; undone first-first

Revision ID: c1ea4add0011
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c1ea4add0011"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_users_phone",
            "users",
            ["phone"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    # Exact, though not last-first: dropping the column drops its index with it.
    op.drop_column("users", "phone")
