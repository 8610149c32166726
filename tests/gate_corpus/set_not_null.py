"""users deleted_at not null

Revision ID: bad0d0c00006
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00006"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("users", "deleted_at", nullable=False, existing_nullable=True)


def downgrade() -> None:
    op.alter_column("users", "deleted_at", nullable=True, existing_nullable=False)
