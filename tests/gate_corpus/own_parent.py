"""its own parent

Revision ID: bad0d0c00030
Revises: bad0d0c00030
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00030"
down_revision: str | Sequence[str] | None = "bad0d0c00030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
