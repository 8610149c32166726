"""add the label 'tired' to mood; the downgrade in one string, as public histories write it

Revision ID: 900d00000037
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000037"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'tired'")


def downgrade() -> None:
    # Several commands in one op.execute(), run as psycopg2 would run them.
    op.execute(
        """
        ALTER TYPE mood RENAME TO mood_old;
        CREATE TYPE mood AS ENUM ('happy', 'sad');
        ALTER TABLE feeling ALTER COLUMN mood TYPE mood USING mood::text::mood;
        DROP TYPE mood_old;
        """
    )
