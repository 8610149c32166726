"""drop pg_trgm where only the database sees it: similarity() goes with it

Revision ID: bad000000022
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000022"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DO $$ DECLARE e text := 'pg_trgm'; BEGIN EXECUTE 'DROP EXTENSION ' || e; END $$")


def downgrade() -> None:
    op.execute("CREATE EXTENSION pg_trgm")
