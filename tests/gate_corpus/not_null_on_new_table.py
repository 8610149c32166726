"""create audit, then make its event required

Revision ID: c1ea4add0016
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c1ea4add0016"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("event", sa.Text(), nullable=True),
    )
    op.alter_column("audit", "event", nullable=False)
    op.execute("ALTER TABLE audit ALTER COLUMN id SET NOT NULL")


def downgrade() -> None:
    op.drop_table("audit")
