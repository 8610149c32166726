"""drop users nickname online only, after an offline branch that returns

Revision ID: bad0d0c00064
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "bad0d0c00064"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What follows the offline branch's return runs only online: as an `else` would.
def upgrade() -> None:
    if context.is_offline_mode():
        op.execute("SELECT 1")
        return
    op.drop_column("users", "nickname")


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
