"""add a phone to users and account in raw SQL

Revision ID: bad0d0c00025
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00025"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE users ADD COLUMN phone text; ALTER TABLE account ADD COLUMN phone text")


def downgrade() -> None:
    op.execute("ALTER TABLE account DROP COLUMN phone; ALTER TABLE users DROP COLUMN phone")
