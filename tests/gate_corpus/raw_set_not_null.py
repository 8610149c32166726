"""users deleted_at not null, via context.execute

Revision ID: bad0d0c00028
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import context

revision: str = "bad0d0c00028"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    context.execute("ALTER TABLE users ALTER COLUMN deleted_at SET NOT NULL")


def downgrade() -> None:
    context.execute("ALTER TABLE users ALTER COLUMN deleted_at DROP NOT NULL")
