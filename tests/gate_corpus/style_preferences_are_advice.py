"""add users columns squawk would type otherwise: advice, not refusals

Revision ID: 57e1e0000001
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "57e1e0000001"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # prefer-bigint-over-int, prefer-timestamp-tz, prefer-text-field, prefer-identity:
    # squawk's taste, which the team's rules leave to review.
    op.add_column("users", sa.Column("visits", sa.Integer(), nullable=True))
    op.add_column("users", sa.Column("seen_at", sa.DateTime(), nullable=True))
    op.execute("ALTER TABLE users ADD COLUMN code varchar(20), ADD COLUMN rank smallint")
    op.execute(sa.text("ALTER TABLE users ADD COLUMN badge serial"))


def downgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN badge, DROP COLUMN rank, DROP COLUMN code")
    op.drop_column("users", "seen_at")
    op.drop_column("users", "visits")
