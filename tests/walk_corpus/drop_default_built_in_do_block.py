"""drop users.created_at's default where only the database sees it: old inserts fail

Revision ID: bad000000019
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000019"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DO $$ DECLARE c text := 'created_at'; BEGIN "
        "EXECUTE format('ALTER TABLE users ALTER COLUMN %I DROP DEFAULT', c); END $$"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now()")
