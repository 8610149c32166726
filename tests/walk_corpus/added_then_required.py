"""users motto, added nullable, filled, then made NOT NULL

Revision ID: a11ed0000002
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000002"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The catalog sees a new NOT NULL column with no default, however it got there.
def upgrade() -> None:
    op.add_column("users", sa.Column("motto", sa.Text(), nullable=True))
    op.execute("UPDATE users SET motto = '' WHERE motto IS NULL")
    op.alter_column("users", "motto", existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    op.drop_column("users", "motto")
