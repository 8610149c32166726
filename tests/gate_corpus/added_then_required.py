"""users motto, added nullable, filled, then made NOT NULL

Revision ID: a11ed0000001
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000001"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The release still serving inserts users without a motto: NOT NULL with no default fails
# them, as if the column had been added NOT NULL.
def upgrade() -> None:
    op.add_column("users", sa.Column("motto", sa.Text(), nullable=True))
    op.execute("UPDATE users SET motto = '' WHERE motto IS NULL")
    op.alter_column("users", "motto", existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    op.drop_column("users", "motto")
