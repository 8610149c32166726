"""add two account columns; the downgrade in raw SQL, in the same order, split in two

Revision ID: 900d00000005
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d00000005"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("account", sa.Column("city", sa.Text(), nullable=True))
    op.add_column("account", sa.Column("country", sa.Text(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE account DROP COLUMN city")
    op.execute("ALTER TABLE account DROP COLUMN country")
